package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A GitHub App's installation token against the GitHub simulator, which checks the JWT's RS256 signature with the
 * App's public key: the key as GitHub hands it out (PKCS#1, made by openssl) is read, the token is renewed before it
 * expires and at once when GitHub refuses it, and neither the key nor a token shows in an error.
 */
public class GitHubAppTokenTest {
    private static final String APP_ID = "123456";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private GitHubSimulator github;
    private String pem;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };

    @Before
    public void start() throws Exception {
        Path key = tmp.getRoot().toPath().resolve("app.pem");
        Process openssl = new ProcessBuilder("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048")
                .redirectErrorStream(true).start();
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, openssl.exitValue());
        pem = Files.readString(key);
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        RSAPrivateCrtKey parsed = (RSAPrivateCrtKey) GitHubAppToken.readKey(pem);
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(parsed.getModulus(), parsed.getPublicExponent()));
        Path bare = TestRepos.createBare(tmp.newFolder("repos").toPath(), "cfg.git", Map.of("a.yaml", "a: 1\n"));
        github = new GitHubSimulator("acme", "cfg", "ghp_not_used_here", bare);
        github.installApp(APP_ID, publicKey);
    }

    @After
    public void stop() throws Exception {
        github.close();
    }

    private GitHubAppToken token(String appId, String key) {
        return GitHubAppToken.forRepository("https://github.com/acme/cfg.git", github.apiUrl(), appId, key,
                Duration.ofSeconds(10), null, clock, Duration.ofMinutes(5));
    }

    @Test
    public void anInstallationTokenIsUsedAndRenewedBeforeItExpires() {
        GitHubAppToken app = token(APP_ID, pem);
        PullRequestHost host = GitHubPulls.forRepository("https://github.com/acme/cfg.git", github.apiUrl(), app,
                Duration.ofSeconds(10), null);

        assertFalse(host.find("gitops/x", "main").isPresent());
        String first = app.current();
        assertTrue(first, first.startsWith("ghs_"));
        assertEquals(1, github.installationTokensIssued());
        assertTrue("an hour: " + app.expiresAt(), app.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(55))));
        host.find("gitops/x", "main");
        assertEquals("kept while it is valid", 1, github.installationTokensIssued());

        now.set(app.expiresAt().minus(Duration.ofMinutes(4)));
        host.find("gitops/x", "main");
        assertEquals("renewed five minutes before it expires", 2, github.installationTokensIssued());
        assertNotEquals(first, app.current());
        assertTrue(github.requests().contains("POST /app/installations/4242/access_tokens"));
    }

    @Test
    public void aTokenGitHubRefusesIsRenewedAndTheCallMadeAgain() {
        now.set(Instant.now());
        GitHubAppToken app = token(APP_ID, pem);
        PullRequestHost host = GitHubPulls.forRepository("https://github.com/acme/cfg.git", github.apiUrl(), app,
                Duration.ofSeconds(10), null);
        host.find("gitops/x", "main");
        github.expireInstallationTokens();

        assertFalse(host.find("gitops/x", "main").isPresent());
        assertEquals(2, github.installationTokensIssued());
    }

    @Test
    public void aWrongAppOrKeyIsNamedWithoutShowingTheKey() throws Exception {
        PullRequestException wrongApp = assertThrows(PullRequestException.class, () -> token("999", pem).current());
        assertTrue(wrongApp.getMessage(), wrongApp.getMessage().startsWith("GitHub App 999: GitHub at 127.0.0.1:"));
        assertTrue(wrongApp.getMessage(), wrongApp.getMessage().endsWith("refused the token: 401 Integration not found"));

        Path other = tmp.getRoot().toPath().resolve("other.pem");
        new ProcessBuilder("openssl", "genpkey", "-algorithm", "RSA", "-out", other.toString()).start().waitFor(60, TimeUnit.SECONDS);
        String otherKey = Files.readString(other);
        assertTrue(otherKey.startsWith("-----BEGIN PRIVATE KEY-----"));
        PullRequestException wrongKey = assertThrows(PullRequestException.class, () -> token(APP_ID, otherKey).current());
        assertTrue(wrongKey.getMessage(), wrongKey.getMessage().endsWith("401 A JSON web token could not be decoded"));

        IllegalArgumentException notAKey = assertThrows(IllegalArgumentException.class,
                () -> token(APP_ID, "-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all!\n-----END RSA PRIVATE KEY-----\n"));
        assertTrue(notAKey.getMessage(), notAKey.getMessage().startsWith("The GitHub App's private key cannot be read"));
        assertFalse(notAKey.getMessage().contains("not base64"));
        IllegalArgumentException badId = assertThrows(IllegalArgumentException.class, () -> token("my-app", pem));
        assertEquals("A GitHub App ID is a number (or the App's client ID, Iv…), not 'my-app'", badId.getMessage());
        assertFalse(app(pem).toString().contains("PRIVATE"));
    }

    private GitHubAppToken app(String key) {
        return token(APP_ID, key);
    }
}
