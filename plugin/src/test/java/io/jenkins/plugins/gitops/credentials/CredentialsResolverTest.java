package io.jenkins.plugins.gitops.credentials;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.TestCredentials.SshKey;
import io.jenkins.plugins.gitops.testing.TestCredentials.Token;
import io.jenkins.plugins.gitops.testing.TestCredentials.UserPass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CredentialsResolverTest {
    private final Map<String, StandardCredentials> store = new HashMap<>();
    private final List<String> lookedUp = new ArrayList<>();
    private final Run<?, ?> run = new FakeRun("team/deploy", 7);
    private final CredentialsResolver resolver = new CredentialsResolver((id, r) -> {
        assertSame("looked up in the context of the build", run, r);
        lookedUp.add(id);
        return store.get(id);
    });

    @Test
    public void usernamePasswordBecomesHttpsAuth() throws Exception {
        store.put("git-https", new UserPass("git-https", "bot", "s3cr3t-value"));
        GitAuth auth = resolver.git("git-https", run);
        assertEquals(new GitAuth(GitAuth.Kind.USERNAME_PASSWORD, "bot", "s3cr3t-value", null), auth);
        assertFalse("toString shows no secret", auth.toString().contains("s3cr3t-value"));
        assertEquals(List.of("git-https"), lookedUp);
    }

    @Test
    public void sshKeyBecomesKeyAuthWithItsUser() throws Exception {
        store.put("git-ssh", new SshKey("git-ssh", "git", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "pass-phrase"));
        GitAuth auth = resolver.git("git-ssh", run);
        assertEquals(GitAuth.Kind.SSH_KEY, auth.kind());
        assertEquals("git", auth.username());
        assertTrue(auth.secret().startsWith("-----BEGIN OPENSSH"));
        assertEquals("pass-phrase", auth.passphrase());
        assertFalse(auth.toString().contains("pass-phrase"));
    }

    @Test
    public void blankIdMeansAnonymous() throws Exception {
        assertEquals(GitAuth.NONE, resolver.git("", run));
        assertEquals(GitAuth.NONE, resolver.git(null, run));
        assertEquals("no lookup for a blank ID", List.of(), lookedUp);
    }

    @Test
    public void unknownIdNamesTheIdAndTheExpectedTypes() {
        AbortException e = expectAbort(() -> resolver.git("nope", run));
        assertEquals("No credentials with ID 'nope' are available to team » deploy #7 (expected Username with password, "
                + "or SSH Username with private key)", e.getMessage());
    }

    @Test
    public void wrongTypeNamesTheIdTheExpectedTypesAndTheTypeFound() {
        store.put("token", new Token("token", "abc"));
        AbortException e = expectAbort(() -> resolver.git("token", run));
        assertEquals("Credentials 'token' are of type StringCredentials, expected Username with password, "
                + "or SSH Username with private key", e.getMessage());
        store.put("up", new UserPass("up", "u", "p"));
        e = expectAbort(() -> resolver.token("up", run));
        assertEquals("Credentials 'up' are of type StandardUsernamePasswordCredentials, expected Secret text",
                e.getMessage());
    }

    @Test
    public void secretTextIsAToken() throws Exception {
        store.put("argocd", new Token("argocd", "eyJhbGciOi"));
        assertEquals("eyJhbGciOi", resolver.token("argocd", run));
    }

    @Test
    public void sshCredentialsWithoutKeyAreRefused() {
        store.put("empty", new SshKey("empty", "git", null, null));
        assertEquals("Credentials 'empty' hold no private key", expectAbort(() -> resolver.git("empty", run)).getMessage());
    }

    private interface Call {
        void run() throws Exception;
    }

    private static AbortException expectAbort(Call call) {
        try {
            call.run();
        } catch (AbortException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an AbortException", e);
        }
        fail("expected an AbortException");
        return null;
    }
}
