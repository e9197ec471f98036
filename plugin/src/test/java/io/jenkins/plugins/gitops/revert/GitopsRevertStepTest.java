package io.jenkins.plugins.gitops.revert;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.changes.ManifestChange;
import io.jenkins.plugins.gitops.changes.YamlValueChange;
import io.jenkins.plugins.gitops.commit.CommitSteps;
import io.jenkins.plugins.gitops.commit.GitopsCommitStep;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.SshSigningKeys;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.testing.ConfigRepoServer;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.FileTaskListener;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.RuleChain;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitopsRevert} as Pipeline runs it, after a {@code gitopsCommit} of the same build, against C git's
 * http-backend and checked with the git CLI: what others committed on top stays, the result and the build page say
 * what was restored and what was left, a value changed since fails the step (or is kept with {@code partial: 'allow'}),
 * and the revert is signed with the configured repository's key.
 */
public class GitopsRevertStepTest {
    private static final String VALUES = "web:\n  image:\n    tag: \"1.0\"\n  replicas: 2\n";

    private final TemporaryFolder tmp = new TemporaryFolder();
    private final ConfigRepoServer git = new ConfigRepoServer(tmp, Map.of("apps/shop/values.yaml", VALUES));

    @Rule
    public RuleChain rules = RuleChain.outerRule(tmp).around(git);

    private Path bare;
    private FileTaskListener log;
    private final Map<String, StandardCredentials> credentials = git.credentials;

    @Before
    public void start() {
        bare = git.bare();
        log = git.log();
        git.repository().setAuthorEmail("deploy-bot@example.com");
    }

    private Map<?, ?> deploy(FakeRun run, String tag) throws Exception {
        GitopsCommitStep step = new GitopsCommitStep(List.of(
                new YamlValueChange("apps/shop/values.yaml", "web.image.tag", tag),
                new ManifestChange("apps/shop/canary.yaml", "kind: Canary\n")));
        step.setRepository("shop-config");
        return CommitSteps.run(step, git.context(run), git.lookup, git.directory);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> revert(GitopsRevertStep step, FakeRun run) throws Throwable {
        TestStepContext context = git.controllerContext(run);
        new GitopsRevertStep.Execution(context, step, git.lookup, git.directory,
                () -> tmp.getRoot().toPath().resolve("controller"))
                .start();
        return (Map<String, Object>) context.result(60);
    }

    private GitopsRevertStep step(String commit) {
        GitopsRevertStep step = new GitopsRevertStep();
        step.setRepository("shop-config");
        step.setCommit(commit);
        return step;
    }

    private String head() {
        return git.head();
    }

    @Test
    public void revertsWhatTheBuildCommittedAndKeepsWhatOthersCommittedOnTop() throws Throwable {
        FakeRun run = new FakeRun("shop/deploy", 21);
        String ours = (String) deploy(run, "1.1").get("commit");
        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "scale", Map.of("apps/shop/values.yaml",
                VALUES.replace("1.0", "1.1").replace("replicas: 2", "replicas: 6")));

        Map<String, Object> result = revert(step(ours), run);

        assertEquals(head(), result.get("commit"));
        assertEquals(ours, result.get("reverted"));
        assertEquals(true, result.get("created"));
        assertEquals(false, result.get("partial"));
        assertEquals(List.of("apps/shop/canary.yaml", "apps/shop/values.yaml web.image.tag"), result.get("restored"));
        assertEquals(theirs, GitCli.run(bare, "rev-parse", "main^").strip());
        assertEquals(VALUES.replace("replicas: 2", "replicas: 6"), TestRepos.show(bare, "main", "apps/shop/values.yaml"));
        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.contains("\nReverts: " + ours + "\n"));
        assertTrue(message, message.contains("\nJenkins-Build-URL: job/shop/job/deploy/21/\n"));

        GitopsRunAction action = GitopsRunAction.of(run);
        RevertRecord record = action.getReverts().get(0);
        assertEquals(ours, record.getReverted());
        assertEquals(head(), record.getCommit());
        assertEquals("the revert is the build's last commit, which gitopsWait() takes", head(),
                action.lastCommit().getSha());
        assertTrue(log.text(), log.text().contains("[gitops] " + git.url() + " main: reverted " + ours
                + " with " + head()));

        Map<String, Object> again = revert(step(ours), new FakeRun("shop/deploy", 22));
        assertEquals(true, again.get("alreadyReverted"));
        assertEquals(head(), again.get("revertedBy"));
    }

    @Test
    public void aValueChangedSinceFailsTheStepUnlessPartialIsAllowed() throws Throwable {
        FakeRun run = new FakeRun("shop/deploy", 23);
        String ours = (String) deploy(run, "1.1").get("commit");
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "hotfix", Map.of("apps/shop/values.yaml",
                VALUES.replace("1.0", "1.2")));
        String before = head();

        AbortException e = assertThrows(AbortException.class, () -> revert(step(ours), run));
        assertTrue(e.getMessage(), e.getMessage().startsWith("gitopsRevert: Cannot revert " + ours + " entirely"));
        assertTrue(e.getMessage(), e.getMessage().contains("apps/shop/values.yaml web.image.tag: is \"1.2\" now"));
        assertEquals("nothing pushed", before, head());

        GitopsRevertStep partial = step(ours);
        partial.setPartial("allow");
        Map<String, Object> result = revert(partial, run);
        assertEquals(true, result.get("partial"));
        assertEquals(List.of("apps/shop/values.yaml web.image.tag: is \"1.2\" now; the commit wrote \"1.1\", so someone"
                + " changed it since"), result.get("kept"));
        assertEquals(VALUES.replace("1.0", "1.2"), TestRepos.show(bare, "main", "apps/shop/values.yaml"));
        assertEquals(List.of("apps/shop/values.yaml web.image.tag: is \"1.2\" now; the commit wrote \"1.1\", so someone"
                + " changed it since"), GitopsRunAction.of(run).getReverts().get(0).getKept());
    }

    @Test
    public void theRevertIsSignedWithTheRepositorysKey() throws Throwable {
        SshSigningKeys keys = new SshSigningKeys(tmp.newFolder("ssh").toPath());
        SshSigningKeys.Key key = keys.make("signer", "ed25519", "");
        SshSigningKeys.trust(bare, keys.allowedSigners("deploy-bot@example.com", key));
        credentials.put("sign", new TestCredentials.SshKey("sign", "deploy", key.privateKey(), null));
        git.repository().setSigningKeyCredentialsId("sign");
        FakeRun run = new FakeRun("shop/deploy", 24);
        String ours = (String) deploy(run, "1.1").get("commit");

        Map<String, Object> result = revert(step(ours), run);

        assertEquals(true, result.get("signed"));
        assertEquals(0, SshSigningKeys.verify(bare, head()));
        assertEquals(0, SshSigningKeys.verify(bare, ours));
    }

    @Test
    public void aRevertThroughAPullRequestIsSignedAndLeavesTheProtectedBranchAlone() throws Throwable {
        SshSigningKeys keys = new SshSigningKeys(tmp.newFolder("ssh-pr").toPath());
        SshSigningKeys.Key key = keys.make("signer", "ed25519", "");
        SshSigningKeys.trust(bare, keys.allowedSigners("deploy-bot@example.com", key));
        credentials.put("sign", new TestCredentials.SshKey("sign", "deploy", key.privateKey(), null));
        String token = "ghp_revert_token_2718";
        credentials.put("github-token", new TestCredentials.Token("github-token", token));
        FakeRun run = new FakeRun("shop/deploy", 26);
        String ours = (String) deploy(run, "1.1").get("commit");
        git.repository().setSigningKeyCredentialsId("sign");
        try (io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "cfg", token, bare)) {
            GitopsRevertStep step = step(ours);
            io.jenkins.plugins.gitops.commit.PullRequestOption pr =
                    new io.jenkins.plugins.gitops.commit.PullRequestOption("github-token");
            pr.setApiUrl(github.apiUrl());
            pr.setHost("github");
            step.setPullRequest(pr);

            Map<String, Object> result = revert(step, run);

            @SuppressWarnings("unchecked")
            Map<String, Object> opened = (Map<String, Object>) result.get("pullRequest");
            assertEquals("open", opened.get("state"));
            String branch = (String) opened.get("branch");
            assertEquals("the protected branch is not pushed to", ours, head());
            String revert = GitCli.run(bare, "rev-parse", branch).strip();
            assertEquals(revert, result.get("commit"));
            assertEquals(ours, GitCli.run(bare, "rev-parse", branch + "^").strip());
            assertEquals(VALUES, TestRepos.show(bare, branch, "apps/shop/values.yaml"));
            assertEquals("signed on the pull request's branch", 0, SshSigningKeys.verify(bare, revert));
            assertTrue(GitCli.run(bare, "log", "-1", "--format=%B", branch).contains("\nReverts: " + ours + "\n"));
            assertEquals(1, GitopsRunAction.of(run).getPullRequests().size());
        }
    }

    @Test
    public void needsACommitOrAChangeIdAndAKnownPartialMode() {
        GitopsRevertStep neither = new GitopsRevertStep();
        neither.setRepository("shop-config");
        AbortException e = assertThrows(AbortException.class, () -> revert(neither, new FakeRun("shop/deploy", 25)));
        assertEquals("gitopsRevert: give 'commit' (such as r.commit of gitopsCommit) or 'changeId', one of them",
                e.getMessage());
        GitopsRevertStep odd = step("abc1234");
        odd.setPartial("sometimes");
        e = assertThrows(AbortException.class, () -> revert(odd, new FakeRun("shop/deploy", 25)));
        assertEquals("gitopsRevert: partial: 'sometimes' is not fail or allow", e.getMessage());
    }
}
