package io.jenkins.plugins.gitops.wait;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.changes.ManifestChange;
import io.jenkins.plugins.gitops.commit.CommitCallable;
import io.jenkins.plugins.gitops.commit.GitopsCommitStep;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.WaitSettings;
import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.targets.ArgoCdWaitTarget;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestListener;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A pipeline's two steps in a row: {@code gitopsCommit} records its commit, and {@code gitopsWait} waits for it by default. */
public class CommitThenWaitTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private String repoUrl;
    private ArgoCdSimulator argo;
    private Waits waits;
    private final FakeRun run = new FakeRun("shop/deploy", 7);
    private final TestListener log = new TestListener();

    @Before
    public void setUp() throws Exception {
        System.setProperty(Urls.ALLOW_FILE_URLS, "true");
        System.setProperty(CommitCallable.CACHE_DIR_PROPERTY, tmp.newFolder("agent-cache").getPath());
        File upstream = tmp.newFolder("upstream.git");
        repo = new ConfigRepo(upstream);
        repo.commit("previous");
        repoUrl = upstream.toURI().toString();
        argo = new ArgoCdSimulator(repo);
        waits = Waits.create(new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200)));
    }

    @After
    public void tearDown() {
        waits.close();
        argo.close();
        repo.close();
        System.clearProperty(Urls.ALLOW_FILE_URLS);
        System.clearProperty(CommitCallable.CACHE_DIR_PROPERTY);
    }

    @Test
    public void waitDefaultsToTheBuildsLastCommit() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        GitopsCommitStep commitStep = new GitopsCommitStep(List.of(new ManifestChange("apps/shop/web.yaml", "image: web:2\n")));
        commitStep.setUrl(repoUrl);
        TestStepContext commitContext = new TestStepContext().with(Run.class, run).with(TaskListener.class, log)
                .with(FilePath.class, new FilePath(tmp.newFolder("workspace"))).with(EnvVars.class, new EnvVars());

        commitStep.start(commitContext).start();
        Map<?, ?> committed = (Map<?, ?>) commitContext.awaitSuccess(LIMIT);

        String sha = (String) committed.get("commit");
        assertEquals(repo.head(), sha);
        GitopsRunAction.CommitRecord record = GitopsRunAction.of(run).lastCommit();
        assertEquals(sha, record.getSha());
        assertEquals("main", record.getBranch());
        assertEquals("no branch given, so main is the default branch", "main", record.getDefaultBranch());
        assertEquals(List.of("apps/shop/web.yaml"), record.getFiles());

        argo.autopilot(Duration.ofMillis(20));
        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setProject("shop");
        target.setUrl(argo.url());
        target.setCredentialsId("argocd-token");
        GitopsWaitStep waitStep = new GitopsWaitStep(List.of(target));
        TestStepContext waitContext = new TestStepContext().with(Run.class, run).with(TaskListener.class, log);
        WaitServices services = new WaitServices(waits, new TestCredentials().secretText("argocd-token", ArgoCdSimulator.TOKEN),
                WaitConfiguration.NONE, new BranchMirrors(tmp.newFolder("mirrors")::toPath));

        new GitopsWaitExecution(waitContext, waitStep, services).start();
        Map<?, ?> waited = (Map<?, ?>) waitContext.awaitSuccess(LIMIT);

        assertEquals(sha, waited.get("commit"));
        assertThat(log.text(), containsString("to apply " + sha.substring(0, 12) + " (main of " + repoUrl + ")"));
    }
}
