package io.jenkins.plugins.gitops.signing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.changes.YamlValueChange;
import io.jenkins.plugins.gitops.checkout.CheckoutSteps;
import io.jenkins.plugins.gitops.checkout.WithGitopsRepoStep;
import io.jenkins.plugins.gitops.commit.CommitSteps;
import io.jenkins.plugins.gitops.commit.GitopsCommitStep;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.core.testing.GpgKeyring;
import io.jenkins.plugins.gitops.core.testing.SshSigningKeys;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.testing.ConfigRepoServer;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.FileTaskListener;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * Signed commits through the steps, as an administrator configures them: an OpenPGP key as Secret file with its
 * passphrase as Secret text on a configured repository, an SSH key credential named by a {@code url:} step, and
 * {@code withGitopsRepo}'s checkout path; pushed to C git's http-backend and checked with real git, the result map
 * and the build's record. A wrong passphrase names the credentials ID and pushes nothing.
 */
public class SignedCommitStepsTest {
    private static final String EMAIL = "deploy-bot@example.com";
    private static final String PASSPHRASE = "pipeline-gpg-phrase-51";

    private final TemporaryFolder tmp = new TemporaryFolder();
    private final ConfigRepoServer git = new ConfigRepoServer(tmp, Map.of("values.yaml", "tag: 1\n"));

    @Rule
    public RuleChain rules = RuleChain.outerRule(tmp).around(git);

    /** One key for the class: real gpg takes seconds to make one. */
    private static GpgKeyring keyring;
    private Path bare;
    private FileTaskListener log;

    @BeforeClass
    public static void makeKey() throws Exception {
        keyring = new GpgKeyring("Deploy Bot <" + EMAIL + ">", PASSPHRASE);
    }

    @AfterClass
    public static void dropKey() throws Exception {
        keyring.close();
    }

    @Before
    public void start() throws Exception {
        git.credentials.put("gpg-key", new TestCredentials.SecretFile("gpg-key", "deploy.asc", keyring.armoredSecretKey(EMAIL)));
        git.credentials.put("gpg-pass", new TestCredentials.Token("gpg-pass", PASSPHRASE));
        bare = git.bare();
        log = git.log();
        ConfigRepository repo = git.repository();
        repo.setAuthorName("Deploy Bot");
        repo.setAuthorEmail(EMAIL);
        repo.setSigningKeyCredentialsId("gpg-key");
        repo.setSigningPassphraseCredentialsId("gpg-pass");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> commit(GitopsCommitStep step, FakeRun run) throws Throwable {
        return (Map<String, Object>) CommitSteps.result(step, git.context(run), git.lookup, git.directory);
    }

    private String head() {
        return git.head();
    }

    @Test
    public void aConfiguredRepositorySignsWithItsOpenPgpKeyFileAndPassphrase() throws Throwable {
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("values.yaml", "tag", "2")));
        step.setRepository(ConfigRepoServer.NAME);
        FakeRun run = new FakeRun("shop/deploy", 7);

        Map<String, Object> result = commit(step, run);

        String fingerprint = keyring.fingerprint(EMAIL);
        assertEquals(head(), result.get("commit"));
        assertEquals(true, result.get("signed"));
        assertEquals(fingerprint, result.get("signingKey"));
        assertEquals("openpgp", result.get("signingFormat"));
        assertEquals("git verify-commit accepts it", 0, keyring.verifyCommit(bare, head()));
        assertEquals(fingerprint, GitopsRunAction.of(run).getCommits().get(0).getSigningKey());
        String text = log.text();
        assertTrue(text, text.contains("after 1 attempt(s), signed with openpgp key " + fingerprint));
        assertFalse("no passphrase in the log", text.contains(PASSPHRASE));
        assertFalse("no key in the log", text.contains("PRIVATE KEY"));
    }

    @Test
    public void aUrlStepSignsWithAnSshKeyCredential() throws Throwable {
        SshSigningKeys keys = new SshSigningKeys(tmp.newFolder("ssh").toPath());
        SshSigningKeys.Key key = keys.make("signer", "ed25519", "ssh-phrase-9");
        SshSigningKeys.trust(bare, keys.allowedSigners(EMAIL, key));
        git.credentials.put("ssh-sign", new TestCredentials.SshKey("ssh-sign", "deploy", key.privateKey(), "ssh-phrase-9"));
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("values.yaml", "tag", "3")));
        step.setUrl(git.url());
        step.setCredentialsId("git");
        step.setBranch("main");
        step.setSigningKeyCredentialsId("ssh-sign");

        Map<String, Object> result = commit(step, new FakeRun("shop/deploy", 8));

        assertEquals("ssh", result.get("signingFormat"));
        assertEquals(key.fingerprint(tmp.getRoot().toPath()), result.get("signingKey"));
        assertEquals(0, SshSigningKeys.verify(bare, head()));
    }

    @Test
    public void aWrongPassphraseNamesTheCredentialsAndPushesNothing() throws Throwable {
        git.credentials.put("gpg-pass", new TestCredentials.Token("gpg-pass", "not-the-phrase"));
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("values.yaml", "tag", "4")));
        step.setRepository(ConfigRepoServer.NAME);
        String before = head();

        AbortException e = assertThrows(AbortException.class, () -> commit(step, new FakeRun("shop/deploy", 9)));

        assertEquals("gitopsCommit: The signing key 'gpg-key' cannot be unlocked: wrong passphrase", e.getMessage());
        assertEquals("nothing pushed", before, head());

        git.credentials.put("gpg-key", new TestCredentials.UserPass("gpg-key", "u", "p"));
        e = assertThrows(AbortException.class, () -> commit(step, new FakeRun("shop/deploy", 10)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Credentials 'gpg-key' are of type"));
        assertTrue(e.getMessage(), e.getMessage().contains("expected Secret file or Secret text (an armoured OpenPGP"));
    }

    @Test
    public void withGitopsRepoSignsWhatTheBlockChanged() throws Throwable {
        WithGitopsRepoStep step = new WithGitopsRepoStep();
        step.setRepository(ConfigRepoServer.NAME);
        step.setDir("config");
        step.setMessage("bump");
        TestStepContext context = git.context(new FakeRun("shop/deploy", 11))
                .withBody(env -> Files.writeString(Path.of(env.get("GITOPS_DIR"), "values.yaml"), "tag: 5\n"));
        Map<?, ?> result = CheckoutSteps.run(step, context, git.lookup, git.directory);

        assertEquals(head(), result.get("commit"));
        assertEquals(keyring.fingerprint(EMAIL), result.get("signingKey"));
        assertEquals(0, keyring.verifyCommit(bare, head()));
        assertEquals("tag: 5\n", TestRepos.show(bare, "main", "values.yaml"));
    }

    @Test
    public void anUnsignedRepositorySaysSoAndRecordsNoKey() throws Throwable {
        git.repository().setSigningKeyCredentialsId(null);
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("values.yaml", "tag", "6")));
        step.setRepository(ConfigRepoServer.NAME);
        FakeRun run = new FakeRun("shop/deploy", 12);
        Map<String, Object> result = commit(step, run);
        assertEquals(false, result.get("signed"));
        assertFalse(result.containsKey("signingKey"));
        assertNull(GitopsRunAction.of(run).getCommits().get(0).getSigningKey());
        assertEquals("git verify-commit refuses an unsigned commit", 1, keyring.verifyCommit(bare, head()));
    }
}
