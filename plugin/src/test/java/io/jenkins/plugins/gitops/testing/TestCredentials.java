package io.jenkins.plugins.gitops.testing;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Credentials as the credentials plugin hands them out, holding their secrets in memory, and a store of them that is
 * looked up as Jenkins would for a build.
 */
public final class TestCredentials implements CredentialLookup {
    private final Map<String, StandardCredentials> store = new ConcurrentHashMap<>();

    public TestCredentials secretText(String id, String secret) {
        store.put(id, new Token(id, secret));
        return this;
    }

    public TestCredentials userPass(String id, String user, String password) {
        store.put(id, new UserPass(id, user, password));
        return this;
    }

    public TestCredentials sshKey(String id, String user, String privateKey) {
        store.put(id, new SshKey(id, user, privateKey, null));
        return this;
    }

    @Override
    public StandardCredentials find(String id, Run<?, ?> run) {
        return store.get(id);
    }

    public record UserPass(String id, String user, String password) implements StandardUsernamePasswordCredentials {
        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public CredentialsScope getScope() { return CredentialsScope.GLOBAL; }
        @Override public String getUsername() { return user; }
        @Override public Secret getPassword() { return Secret.fromString(password); }
    }

    public record SshKey(String id, String user, String key, String passphrase)
            implements StandardUsernameCredentials, SSHUserPrivateKey {
        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public CredentialsScope getScope() { return CredentialsScope.GLOBAL; }
        @Override public String getUsername() { return user; }
        @Override public Secret getPassphrase() { return passphrase == null ? null : Secret.fromString(passphrase); }
        @Override public List<String> getPrivateKeys() { return key == null ? List.of() : List.of(key); }
    }

    public record Token(String id, String secret) implements StringCredentials {
        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public CredentialsScope getScope() { return CredentialsScope.GLOBAL; }
        @Override public Secret getSecret() { return Secret.fromString(secret); }
    }

    /** Credentials of System scope: Jenkins offers them to itself, never to a job or build. */
    public record SystemToken(String id, String secret) implements StringCredentials {
        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public CredentialsScope getScope() { return CredentialsScope.SYSTEM; }
        @Override public Secret getSecret() { return Secret.fromString(secret); }
    }

    public record SecretFile(String id, String fileName, String content) implements FileCredentials {
        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public CredentialsScope getScope() { return CredentialsScope.GLOBAL; }
        @Override public String getFileName() { return fileName; }
        @Override public InputStream getContent() { return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)); }
    }
}
