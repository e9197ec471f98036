package io.jenkins.plugins.gitops.core.sign;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.Identity;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.SshSigningKeys;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Commits signed in memory with SSH keys that real {@code ssh-keygen} made, pushed to C git's http-backend, and
 * checked by real git against an allowed-signers file: by a reviewer's {@code git verify-commit}, and by a
 * {@code pre-receive} hook that refuses unsigned commits, as "require signed commits" does.
 */
public class SshSigningTest {
    private static final Identity BOT = new Identity("Deploy Bot", "deploy-bot@example.com");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SshSigningKeys keys;
    private HttpGitServer git;
    private Path root;

    @Before
    public void start() throws Exception {
        keys = new SshSigningKeys(tmp.newFolder("keys").toPath());
        root = tmp.newFolder("repos").toPath();
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
    }

    @After
    public void stop() throws Exception {
        git.close();
    }

    private Path repo(String name, SshSigningKeys.Key trusted) throws Exception {
        Path bare = TestRepos.createBare(root, name, Map.of("values.yaml", "tag: 1\n"));
        SshSigningKeys.trust(bare, keys.allowedSigners(BOT.email(), trusted));
        return bare;
    }

    private CommitResult commit(String repo, String tag, CommitSigner signer) {
        CommitRequest request = CommitRequest.builder(git.url(repo)).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).author(BOT).committer(BOT)
                .idempotencyKey("deploy#" + tag).credentials(new Credentials.UsernamePassword("bot", "pw"))
                .maxAttempts(5).signer(signer).build();
        return new GitopsCommitter(tmp.getRoot().toPath().resolve("cache")).commit(request, new RecordingListener());
    }

    @Test
    public void ed25519RsaAndEcdsaSignaturesAreVerifiedByGitAlsoWhenAppliedAgainOnAMovedTip() throws Exception {
        for (String type : new String[] {"ed25519", "rsa", "ecdsa"}) {
            SshSigningKeys.Key key = keys.make("bot-" + type, type, "ssh-" + type + "-phrase");
            Path bare = repo(type + ".git", key);
            SshSigner signer = SshSigner.of("deploy-key", key.privateKey(), ("ssh-" + type + "-phrase").toCharArray());
            assertEquals(type, key.publicKey(), signer.publicKey());
            assertEquals(type, key.fingerprint(tmp.getRoot().toPath()), signer.fingerprint());

            CommitResult first = commit(type + ".git", "2", signer);
            assertEquals(type + ": git verify-commit accepts it", 0, SshSigningKeys.verify(bare, first.commit()));
            String message = GitCli.run(bare, "log", "-1", "--format=%B", first.commit());
            assertTrue(message, message.contains("Gitops-Change-Id: deploy#2"));

            String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "someone else", Map.of("other.yaml", "a: 1\n"));
            CommitResult second = commit(type + ".git", "3", signer);
            assertEquals("made again on their commit", theirs, GitCli.run(bare, "rev-parse", second.commit() + "^").strip());
            assertEquals(type + ": and signed again", 0, SshSigningKeys.verify(bare, second.commit()));
            assertEquals("tag: 3\n", TestRepos.show(bare, "main", "values.yaml"));
        }
    }

    @Test
    public void aServerThatRequiresSignedCommitsTakesOursAndRefusesAnUnsignedOneWithItsReason() throws Exception {
        SshSigningKeys.Key key = keys.make("bot", "ed25519", "");
        Path bare = repo("protected.git", key);
        SshSigningKeys.requireSignedCommits(bare);

        CommitResult signed = commit("protected.git", "2", SshSigner.of("deploy-key", key.privateKey(), null));
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), signed.commit());

        GitopsException unsigned = assertThrows(GitopsException.class, () -> commit("protected.git", "3", null));
        assertTrue(unsigned.getMessage(), unsigned.getMessage().contains("is not signed by an allowed key"));
        assertTrue(unsigned.getMessage(), unsigned.getMessage().contains("so no other push came first"));
        assertEquals("nothing landed", signed.commit(), GitCli.run(bare, "rev-parse", "main").strip());

        SshSigningKeys.Key stranger = keys.make("stranger", "ed25519", "");
        assertThrows(GitopsException.class, () -> commit("protected.git", "4", SshSigner.of("other", stranger.privateKey(), null)));
        assertEquals("a key the server does not trust is refused too", signed.commit(),
                GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void eightSignedCommittersInOneJvmLandOnABranchThatRequiresSignatures() throws Exception {
        SshSigningKeys.Key key = keys.make("racer", "ed25519", "");
        Path bare = repo("race.git", key);
        SshSigningKeys.requireSignedCommits(bare);
        SshSigner signer = SshSigner.of("deploy-key", key.privateKey(), null);
        int n = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<CommitResult>> results = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                // The JVM's per-branch queue groups them: each commit of a group is signed on its own.
                Path cache = tmp.newFolder("cache-" + i).toPath();
                CommitRequest request = CommitRequest.builder(git.url("race.git")).branch("main").message("file " + i)
                        .changes(new io.jenkins.plugins.gitops.core.change.Manifest("f" + i + ".yaml", "n: " + i + "\n"))
                        .author(BOT).committer(BOT).credentials(new Credentials.UsernamePassword("bot", "pw"))
                        .maxAttempts(30).signer(signer).build();
                results.add(pool.submit(() -> {
                    go.await();
                    return new GitopsCommitter(cache).commit(request, new RecordingListener());
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<CommitResult> f : results) {
                assertTrue(f.get(120, java.util.concurrent.TimeUnit.SECONDS).changed());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(String.valueOf(n + 1), GitCli.run(bare, "rev-list", "--count", "main").strip());
        for (String commit : GitCli.run(bare, "rev-list", "main", "--max-count=" + n).strip().split("\n")) {
            assertEquals("every landed commit verifies, re-applied ones too", 0, SshSigningKeys.verify(bare, commit));
        }
    }

    @Test
    public void aWrongPassphraseOrSomethingThatIsNotAKeyIsNamedAndNeverShown() throws Exception {
        SshSigningKeys.Key key = keys.make("locked", "ed25519", "right-phrase");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> SshSigner.of("deploy-key", key.privateKey(), "wrong".toCharArray()));
        assertEquals("The signing key deploy-key cannot be unlocked: wrong or missing passphrase", wrong.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SshSigner.of("deploy-key", key.privateKey(), null));
        assertEquals(wrong.getMessage(), missing.getMessage());
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> SshSigner.of("deploy-key", "not a key", null));
        assertEquals("The signing key deploy-key cannot be read: it must be an SSH private key"
                + " (-----BEGIN OPENSSH PRIVATE KEY-----)", garbage.getMessage());
        assertNotEquals(-1, wrong.getMessage().indexOf("deploy-key"));
    }
}
