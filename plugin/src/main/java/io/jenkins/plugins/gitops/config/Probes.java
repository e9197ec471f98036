package io.jenkins.plugins.gitops.config;

import hudson.AbortException;
import hudson.util.FormValidation;
import io.jenkins.plugins.gitops.credentials.GlobalCredentialsResolver;
import java.time.Duration;

/** Runs a "Test connection" of the GitOps page and turns its outcome into what the form shows. */
final class Probes {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Probes() {
    }

    @FunctionalInterface
    interface Probe {
        ProbeResult run(GlobalCredentialsResolver resolver, String url) throws AbortException;
    }

    static FormValidation run(String url, Probe probe) {
        String u = Settings.trimToNull(url);
        if (u == null) {
            return FormValidation.error("A URL is required");
        }
        ProbeResult result;
        try {
            result = probe.run(CredentialChoices.resolver(), u);
        } catch (AbortException e) {
            result = ProbeResult.failed(e.getMessage());
        }
        return result.ok() ? FormValidation.ok(result.message()) : FormValidation.error(result.message());
    }
}
