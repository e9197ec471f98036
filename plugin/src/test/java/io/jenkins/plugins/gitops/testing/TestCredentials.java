package io.jenkins.plugins.gitops.testing;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** A credentials store for tests, looked up as Jenkins would for a build. */
public final class TestCredentials implements CredentialLookup {
    private final Map<String, StandardCredentials> store = new ConcurrentHashMap<>();

    public TestCredentials secretText(String id, String secret) {
        store.put(id, new Token(id, secret));
        return this;
    }

    @Override
    public StandardCredentials find(String id, Run<?, ?> run) {
        return store.get(id);
    }

    private record Token(String id, String secret) implements StringCredentials {
        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public Secret getSecret() { return Secret.fromString(secret); }
    }
}
