package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.GpgKeyring;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.SshSigningKeys;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitops commit --sign-key-file}: commits that real git verifies, OpenPGP and SSH, and a wrong passphrase that
 * pushes nothing.
 */
public class SignedCommitCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private GpgKeyring keyring;
    private HttpGitServer git;
    private Path bare;
    private Path keyFile;

    @Before
    public void start() throws Exception {
        keyring = new GpgKeyring("Deploy Bot <deploy-bot@example.com>", "cli-phrase");
        keyFile = tmp.getRoot().toPath().resolve("deploy-key.asc");
        Files.writeString(keyFile, keyring.armoredSecretKey("deploy-bot@example.com"));
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "cfg.git", Map.of("values.yaml", "tag: 1\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
    }

    @After
    public void stop() throws Exception {
        git.close();
        keyring.close();
    }

    private int commit(String passphrase, String tag) throws Exception {
        return commit(passphrase, tag, keyFile);
    }

    private int commit(String passphrase, String tag, Path keyFile) throws Exception {
        return GitopsCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_SIGN_PASSPHRASE", passphrase),
                "commit", "--repo", git.url("cfg.git"), "--branch", "main", "-m", "tag " + tag,
                "--author", "Deploy Bot <deploy-bot@example.com>", "--yaml-value", "values.yaml", "tag", tag,
                "--sign-key-file", keyFile.toString(), "--cache-dir", tmp.getRoot().toPath().resolve("cache").toString());
    }

    @Test
    public void theCommitIsSignedAndTheJsonSaysWithWhichKey() throws Exception {
        assertEquals(err.toString(), ExitCodes.DONE, commit("cli-phrase", "2"));
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertTrue(result.path("signed").asBoolean());
        assertEquals(keyring.fingerprint("deploy-bot@example.com"), result.path("signingKey").asText());
        assertEquals(0, keyring.verifyCommit(bare, result.path("commit").asText()));
    }

    @Test
    public void aWrongPassphraseIsNamedAndNothingIsPushed() throws Exception {
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        assertNotEquals(ExitCodes.DONE, commit("wrong", "3"));
        assertEquals("gitops: The signing key deploy-key.asc cannot be unlocked: wrong passphrase", err.toString().strip());
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
        assertFalse(err.toString().contains("PRIVATE KEY"));
    }

    @Test
    public void anSshKeyFileSignsInGitsSshFormat() throws Exception {
        SshSigningKeys keys = new SshSigningKeys(tmp.newFolder("ssh").toPath());
        SshSigningKeys.Key key = keys.make("deploy-ssh", "ed25519", "ssh-phrase");
        SshSigningKeys.trust(bare, keys.allowedSigners("deploy-bot@example.com", key));
        Path sshKey = tmp.getRoot().toPath().resolve("id_ed25519");
        Files.writeString(sshKey, key.privateKey());

        assertEquals(err.toString(), ExitCodes.DONE, commit("ssh-phrase", "4", sshKey));
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertTrue(result.path("signed").asBoolean());
        assertEquals("ssh", result.path("signingFormat").asText());
        assertEquals(key.fingerprint(tmp.getRoot().toPath()), result.path("signingKey").asText());
        assertEquals(0, SshSigningKeys.verify(bare, result.path("commit").asText()));
    }
}
