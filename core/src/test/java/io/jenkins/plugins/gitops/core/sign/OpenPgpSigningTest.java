package io.jenkins.plugins.gitops.core.sign;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.Identity;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GpgKeyring;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Commits signed in memory with an OpenPGP key that real {@code gpg} made, pushed to C git's http-backend, and checked
 * by real git ({@code git verify-commit} against that gpg keyring): a first commit, a commit applied again on a tip
 * that moved under it, the trailers and tree as unsigned; a wrong passphrase and a committer the key does not name
 * refused before anything is pushed.
 */
public class OpenPgpSigningTest {
    private static final Identity BOT = new Identity("Deploy Bot", "deploy-bot@example.com");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private GpgKeyring keyring;
    private String armored;
    private HttpGitServer git;
    private Path bare;

    @Before
    public void start() throws Exception {
        keyring = new GpgKeyring("Deploy Bot <deploy-bot@example.com>", "s3cret-phrase");
        armored = keyring.armoredSecretKey("deploy-bot@example.com");
        assertTrue(armored, armored.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"));
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "cfg.git", Map.of("values.yaml", "tag: 1\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
    }

    @After
    public void stop() throws Exception {
        git.close();
        keyring.close();
    }

    private int verify(String sha) throws Exception {
        return keyring.verifyCommit(bare, sha);
    }

    private CommitResult commit(String tag, CommitSigner signer, Identity committer) {
        CommitRequest request = CommitRequest.builder(git.url("cfg.git")).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).author(BOT).committer(committer)
                .idempotencyKey("deploy#" + tag).credentials(new Credentials.UsernamePassword("bot", "pw"))
                .signer(signer).build();
        return new GitopsCommitter(tmp.getRoot().toPath().resolve("cache")).commit(request, new RecordingListener());
    }

    @Test
    public void signedCommitsAreVerifiedByGitAlsoWhenAppliedAgainOnAMovedTip() throws Exception {
        OpenPgpSigner signer = OpenPgpSigner.of("deploy-key", armored, "s3cret-phrase".toCharArray());
        CommitResult first = commit("2", signer, BOT);
        assertEquals("git verify-commit accepts it", 0, verify(first.commit()));
        String message = GitCli.run(bare, "log", "-1", "--format=%B", first.commit());
        assertTrue(message, message.contains("Gitops-Change-Id: deploy#2"));
        assertEquals("tag: 2\n", TestRepos.show(bare, first.commit(), "values.yaml"));

        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "someone else", Map.of("other.yaml", "a: 1\n"));
        CommitResult second = commit("3", signer, BOT);
        assertEquals("the push on the cached tip was refused; ours was made again on theirs", theirs,
                GitCli.run(bare, "rev-parse", second.commit() + "^").strip());
        assertEquals("and signed again", 0, verify(second.commit()));
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), second.commit());
        assertEquals(keyring.fingerprint("deploy-bot@example.com"), signer.fingerprint());
    }

    @Test
    public void aWrongPassphraseAndACommitterTheKeyDoesNotNameAreRefusedBeforeAnythingIsPushed() throws Exception {
        IllegalArgumentException locked = assertThrows(IllegalArgumentException.class,
                () -> OpenPgpSigner.of("deploy-key", armored, "not-it".toCharArray()));
        assertEquals("The signing key deploy-key cannot be unlocked: wrong passphrase", locked.getMessage());
        IllegalArgumentException notAKey = assertThrows(IllegalArgumentException.class,
                () -> OpenPgpSigner.of("deploy-key", "hello", null));
        assertTrue(notAKey.getMessage(), notAKey.getMessage().startsWith("The signing key deploy-key cannot be read"));

        String before = GitCli.run(bare, "rev-parse", "main").strip();
        OpenPgpSigner signer = OpenPgpSigner.of("deploy-key", armored, "s3cret-phrase".toCharArray());
        IllegalArgumentException someoneElse = assertThrows(IllegalArgumentException.class,
                () -> commit("4", signer, new Identity("Mallory", "mallory@example.com")));
        assertEquals("The signing key deploy-key is for deploy-bot@example.com, not for the committer"
                + " mallory@example.com: git would show the commit as signed by someone else; commit as one of them, or"
                + " sign with the committer's key", someoneElse.getMessage());
        assertEquals("nothing pushed", before, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void anExpiredOrARevokedKeyIsRefusedNamingIt() throws Exception {
        try (GpgKeyring old = GpgKeyring.expired("Old Bot <old-bot@example.com>", "old-phrase")) {
            String expired = old.armoredSecretKey("old-bot@example.com");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OpenPgpSigner.of("old-key", expired, "old-phrase".toCharArray()));
            assertEquals("The signing key old-key has expired", e.getMessage());
        }
        keyring.revoke("deploy-bot@example.com");
        String revoked = keyring.armoredSecretKey("deploy-bot@example.com");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenPgpSigner.of("deploy-key", revoked, "s3cret-phrase".toCharArray()));
        assertEquals("The signing key deploy-key is revoked", e.getMessage());
    }
}
