package io.jenkins.plugins.gitops.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import io.jenkins.plugins.gitops.config.JenkinsProxy;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.util.List;

/**
 * Finds credentials by ID in the context of a build, so that folder- and job-scoped credentials work and the use is
 * tracked. An interface so that the rules built on it can be tested without Jenkins.
 */
@FunctionalInterface
public interface CredentialLookup {
    /** The credentials with this ID that the build may use, or null. */
    StandardCredentials find(String id, Run<?, ?> run);

    /** The HTTP proxy of Manage Jenkins » System, with its password: the other secret a connection may need. */
    default HttpProxy proxy() {
        return JenkinsProxy.current();
    }

    CredentialLookup JENKINS = (id, run) -> {
        StandardCredentials found = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run, List.of());
        return found == null ? null : CredentialsProvider.track(run, found);
    };
}
