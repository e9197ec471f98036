package io.jenkins.plugins.gitops.wait;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction.WaitRecord;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.testing.ClosedPort;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
import io.jenkins.plugins.gitops.core.wait.WaitSettings;
import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.DeploymentControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import io.jenkins.plugins.gitops.core.wait.sim.FluxControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import io.jenkins.plugins.gitops.targets.ArgoCdWaitTarget;
import io.jenkins.plugins.gitops.targets.Endpoint;
import io.jenkins.plugins.gitops.targets.FluxKustomizationWaitTarget;
import io.jenkins.plugins.gitops.targets.GitopsWaitTarget;
import io.jenkins.plugins.gitops.targets.RolloutWaitTarget;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import io.jenkins.plugins.gitops.testing.TestListener;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitopsWait}'s execution against the core's simulators: an Argo CD server and a Kubernetes API server (with
 * Flux and Deployment controllers) that follow a real bare config repository, which the execution mirrors over a
 * {@code file:} URL as it would over https.
 */
public class GitopsWaitExecutionTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final WaitSettings FAST = new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200));
    private static final String ARGO_TOKEN_ID = "argocd-token";
    private static final String KUBE_TOKEN_ID = "kube-token";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private String repoUrl;
    private ArgoCdSimulator argo;
    private KubeSimulator kube;
    private final List<Waits> engines = new ArrayList<>();
    private final FakeRun run = new FakeRun("shop/deploy", 42);
    private final TestListener log = new TestListener();
    private final TestCredentials credentials = new TestCredentials()
            .secretText(ARGO_TOKEN_ID, ArgoCdSimulator.TOKEN)
            .secretText(KUBE_TOKEN_ID, KubeSimulator.TOKEN);
    private File mirrors;

    @Before
    public void setUp() throws Exception {
        System.setProperty(Urls.ALLOW_FILE_URLS, "true");
        File upstream = tmp.newFolder("upstream.git");
        repo = new ConfigRepo(upstream);
        repo.commit("previous");
        repoUrl = upstream.toURI().toString();
        argo = new ArgoCdSimulator(repo);
        kube = new KubeSimulator();
        mirrors = tmp.newFolder("mirrors");
    }

    @After
    public void tearDown() {
        engines.forEach(Waits::close);
        argo.close();
        kube.close();
        repo.close();
        System.clearProperty(Urls.ALLOW_FILE_URLS);
    }

    @Test
    public void argoCdApplicationSyncedAndHealthyAtOurCommitIsDone() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String ours = committed("ours");
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();

        GitopsWaitExecution execution = execution(context, step(argoCd()));
        assertFalse("asynchronous", execution.start());
        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

        assertEquals(ours, value.get("commit"));
        Map<?, ?> target = (Map<?, ?>) ((List<?>) value.get("targets")).get(0);
        assertEquals("Argo CD application shop/shop-web", target.get("target"));
        assertEquals(ours, target.get("revision"));
        assertEquals(false, target.get("superseded"));
        WaitRecord wait = onlyWait();
        assertEquals(WaitRecord.Result.DONE, wait.getResult());
        assertEquals(ours, wait.getCommit());
        assertThat(log.text(), containsString("[gitops] Argo CD application shop/shop-web: Argo CD application "
                + "shop-web is Synced and Healthy at " + ours.substring(0, 12)));
        assertFalse(execution.blocksRestart());
        assertTrue("the outcome is saved with the build off the engine's threads: " + run.savedOn(),
                run.savedOn().stream().anyMatch("gitops-wait-report"::equals)
                        && run.savedOn().stream().noneMatch(name -> name.startsWith("gitops-wait-")
                                && !name.equals("gitops-wait-report")));
    }

    @Test
    public void aCommitPushedOverSshIsMirroredWithTheKnownHostsItWasPushedWith() throws Exception {
        try (SshGitServer ssh = SshGitServer.start(tmp.getRoot().toPath())) {
            String sshUrl = ssh.url("upstream.git");
            credentials.sshKey("deploy-key", "git", ssh.clientPrivateKey());
            ConfigRepository configured = new ConfigRepository("shop-config", sshUrl);
            configured.setCredentialsId("deploy-key");
            configured.setKnownHosts(ssh.knownHostsLine());
            CommitTarget target = CommitTarget.resolve("gitopsCommit", "shop-config", "", "", "",
                    name -> Optional.of(configured).filter(r -> r.getName().equals(name)));
            String ours = repo.commit("ours");
            GitopsRunAction.recordCommit(run, GitopsRunAction.CommitRecord.landed(target,
                    new CommitOutcome(ours, true, sshUrl, "main", List.of("a.yaml"), 1, "", false, false, null, null)));
            String newer = repo.commit("someone else's, later");
            argo.addApp("shop-web", app -> app.repoUrl = sshUrl);
            argo.autopilot(Duration.ofMillis(20));
            TestStepContext context = context();

            execution(context, step(argoCd())).start();
            Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

            Map<?, ?> reached = (Map<?, ?>) ((List<?>) value.get("targets")).get(0);
            assertEquals(newer, reached.get("revision"));
            assertEquals("the newer commit was fetched over SSH and found to contain ours", true,
                    reached.get("superseded"));
        }
    }

    @Test
    public void newerCommitContainingOursIsDoneAsSuperseded() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String ours = committed("ours");
        String newer = repo.commit("someone else's, later");
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();

        execution(context, step(argoCd())).start();
        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

        Map<?, ?> target = (Map<?, ?>) ((List<?>) value.get("targets")).get(0);
        assertEquals(newer, target.get("revision"));
        assertEquals(true, target.get("superseded"));
        assertEquals(WaitRecord.Result.SUPERSEDED, onlyWait().getResult());
        assertTrue("ancestry came from the controller's mirror", new File(mirrors, "").list().length > 0);
    }

    @Test
    public void firstFailureEndsTheStepWithTheReasonAndCancelsTheOthers() throws Exception {
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.failSyncWith = "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value";
        });
        String[] paths = FluxControllerSim.install(kube, repo.head(), false);
        kube.addController(new FluxControllerSim(repo, paths[0], paths[1], false));
        committed("ours");
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();
        GitopsWaitExecution execution = execution(context, step(argoCd(), kustomization()));

        execution.start();
        Throwable failure = context.awaitFailure(LIMIT);

        assertThat(failure, instanceOf(AbortException.class));
        assertThat(failure.getMessage(), containsString("gitopsWait: Argo CD application shop/shop-web: "));
        assertThat(failure.getMessage(), containsString("one or more objects failed to apply"));
        List<WaitRecord> waits = GitopsRunAction.of(run).getWaits();
        assertEquals(List.of(WaitRecord.Result.FAILED, WaitRecord.Result.CANCELLED),
                waits.stream().map(WaitRecord::getResult).toList());
        assertThat(waits.get(1).getMessage(), containsString("Argo CD application shop/shop-web did not succeed"));
        awaitNoWatchers(engines.get(0));
    }

    @Test
    public void timeoutEndsTheStepWithTheDiagnosis() throws Exception {
        addManualSyncApp();
        String ours = committed("ours");
        GitopsWaitStep step = step(argoCd());
        step.setTimeout(1);
        TestStepContext context = context();

        execution(context, step).start();
        Throwable failure = context.awaitFailure(LIMIT);

        assertThat(failure.getMessage(), containsString("gitopsWait: Timed out after"));
        assertThat(failure.getMessage(), containsString("to apply " + ours.substring(0, 12)));
        assertThat(failure.getMessage(), containsString("waiting for someone to sync"));
        assertThat(failure.getMessage(), containsString("State history"));
        assertEquals(WaitRecord.Result.TIMED_OUT, onlyWait().getResult());
    }

    @Test
    public void fluxAndRolloutTargetsAreWaitedOnTogether() throws Exception {
        String[] paths = FluxControllerSim.install(kube, repo.head(), false);
        kube.addController(new FluxControllerSim(repo, paths[0], paths[1], false));
        String deployment = kube.put("deployments", Fixtures.load("kubernetes/deployment-complete.json"));
        kube.addController(new DeploymentControllerSim(deployment));
        kube.updateSpec(deployment, spec -> spec.with("template").with("spec").withArray("containers").get(0));
        String ours = committed("ours");
        kube.autopilot(Duration.ofMillis(20));
        RolloutWaitTarget rollout = kubeTarget(new RolloutWaitTarget("shop", "web"));
        TestStepContext context = context();

        execution(context, step(kustomization(), rollout)).start();
        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

        assertEquals(ours, value.get("commit"));
        List<WaitRecord> waits = GitopsRunAction.of(run).getWaits();
        assertEquals(2, waits.size());
        assertTrue(waits.stream().allMatch(WaitRecord::isSucceeded));
        assertThat(log.text(), containsString("deployment \"web\" successfully rolled out"));
        assertThat(log.text(), containsString("All 2 target(s) done"));
    }

    @Test
    public void rolloutAloneNeedsNoCommit() throws Exception {
        String deployment = kube.put("deployments", Fixtures.load("kubernetes/deployment-complete.json"));
        kube.addController(new DeploymentControllerSim(deployment));
        kube.updateSpec(deployment, spec -> spec.with("template").with("spec").withArray("containers").get(0));
        kube.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();

        execution(context, step(kubeTarget(new RolloutWaitTarget("shop", "web")))).start();
        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

        assertEquals(null, value.get("commit"));
        assertEquals(null, onlyWait().getCommit());
    }

    @Test
    public void survivesARestartWithTheSameDeadlineAndNoTokenInItsState() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String ours = committed("ours");
        GitopsWaitStep step = step(argoCd());
        step.setTimeout(300);
        TestStepContext first = context();
        GitopsWaitExecution execution = execution(first, step);
        execution.start();
        Instant deadline = execution.deadline();
        assertThat(execution.getStatus(), containsString("waiting for Argo CD application shop/shop-web"));

        byte[] programDat = serialize(execution);
        execution.abandon();
        engines.get(0).close();
        execution = null;

        assertFalse("no token in the persisted state",
                new String(programDat, StandardCharsets.ISO_8859_1).contains(ArgoCdSimulator.TOKEN));
        argo.autopilot(Duration.ofMillis(20));
        GitopsWaitExecution resumed = deserialize(programDat).withServices(services());
        TestStepContext fresh = (TestStepContext) resumed.getContext();
        assertNotEquals("a context of its own", first, fresh);
        fresh.with(Run.class, run).with(TaskListener.class, log);
        resumed.onResume();
        Map<?, ?> value = (Map<?, ?>) fresh.awaitSuccess(LIMIT);

        assertEquals(deadline, resumed.deadline());
        assertEquals(ours, value.get("commit"));
        first.assertRunning();
        assertThat(log.text(), containsString("Resuming the wait after a restart; the deadline is still " + deadline));
        assertEquals(WaitRecord.Result.DONE, onlyWait().getResult());
    }

    @Test
    public void aDeadlineThatPassedDuringARestartEndsTheStepWithOneDiagnosis() throws Exception {
        addManualSyncApp();
        committed("ours");
        GitopsWaitStep step = step(argoCd());
        step.setTimeout(300);
        GitopsWaitExecution execution = execution(context(), step);
        execution.start();

        GitopsWaitExecution resumed = restart(execution).withDeadline(Instant.now().minusSeconds(1));
        TestStepContext fresh = resumedContext(resumed);
        resumed.onResume();
        Throwable failure = fresh.awaitFailure(LIMIT);

        assertThat(failure.getMessage(), containsString("Timed out after"));
        run.awaitSaves(1, LIMIT);
        assertEquals("the diagnosis is written once: " + log.text(), 1,
                log.text().split("Timed out after", -1).length - 1);
        assertEquals(WaitRecord.Result.TIMED_OUT, onlyWait().getResult());
    }

    @Test
    public void targetsDoneBeforeARestartAreNotWaitedForAgain() throws Exception {
        String deployment = kube.put("deployments", Fixtures.load("kubernetes/deployment-complete.json"));
        kube.addController(new DeploymentControllerSim(deployment));
        kube.updateSpec(deployment, spec -> spec.with("template").with("spec").withArray("containers").get(0));
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        committed("ours");
        kube.autopilot(Duration.ofMillis(20));
        TestStepContext first = context();
        GitopsWaitExecution execution = execution(first, step(argoCd(), kubeTarget(new RolloutWaitTarget("shop", "web"))));
        execution.start();
        run.awaitSaves(2, LIMIT);
        assertEquals(1, GitopsRunAction.of(run).getWaits().size());

        GitopsWaitExecution resumed = restart(execution);
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext fresh = resumedContext(resumed);
        resumed.onResume();
        Map<?, ?> value = (Map<?, ?>) fresh.awaitSuccess(LIMIT);

        assertEquals(2, ((List<?>) value.get("targets")).size());
        assertEquals("each target recorded once", 2, GitopsRunAction.of(run).getWaits().size());
    }

    @Test
    public void stopCancelsTheWaits() throws Exception {
        addManualSyncApp();
        committed("ours");
        TestStepContext context = context();
        GitopsWaitExecution execution = execution(context, step(argoCd()));
        execution.start();
        assertEquals(1, engines.get(0).activeWatchers());

        Exception cause = new Exception("aborted by alice");
        execution.stop(cause);

        assertSame(cause, context.awaitFailure(LIMIT));
        assertEquals(0, engines.get(0).activeWatchers());
        assertEquals(WaitRecord.Result.ABORTED, onlyWait().getResult());
    }

    @Test
    public void argoCdNeedsACommitOfThisBuild() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        AbortException none = startFails(step(argoCd()));
        assertEquals("gitopsWait: this build made no gitopsCommit to wait for; give commit:", none.getMessage());

        GitopsWaitStep step = step(argoCd());
        step.setCommit(repo.commit("made elsewhere"));
        assertThat(startFails(step).getMessage(), containsString("was not made by a gitopsCommit of this build"));

        step.setCommit("main");
        assertEquals("gitopsWait: commit must be a commit SHA, not 'main'", startFails(step).getMessage());
    }

    @Test
    public void argoCdWaitsForACommitOfAnotherBuildInANamedRepository() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String elsewhere = repo.commit("made by the deploy job");
        String newer = repo.commit("someone else's, later");
        argo.autopilot(Duration.ofMillis(20));
        GitopsWaitStep step = step(argoCd());
        step.setCommit(elsewhere);
        step.setRepository("shop-config");
        TestStepContext context = context();

        new GitopsWaitExecution(context, step, services(configuredRepository("main"))).start();
        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

        Map<?, ?> target = (Map<?, ?>) ((List<?>) value.get("targets")).get(0);
        assertEquals(newer, target.get("revision"));
        assertEquals("the mirror of the configured repository tells that the newer commit contains ours", true,
                target.get("superseded"));
    }

    @Test
    public void aNamedRepositoryNeedsABranchAndABranchNeedsARepository() throws Exception {
        GitopsWaitStep step = step(argoCd());
        step.setCommit(repo.commit("made elsewhere"));
        step.setBranch("main");
        assertEquals("gitopsWait: branch: needs repository: (the configured repository it belongs to)",
                startFails(step, services()).getMessage());

        step.setRepository("shop-config");
        step.setBranch("");
        assertEquals("gitopsWait: repository 'shop-config' has no default branch configured; give branch:",
                startFails(step, services(configuredRepository(null))).getMessage());

        step.setRepository("nope");
        assertEquals("gitopsWait: repository 'nope' is not configured in Manage Jenkins » System » GitOps",
                startFails(step, services()).getMessage());
    }

    @Test
    public void aRepositoryNamedForACommitOfThisBuildMustBeTheOneItWasPushedTo() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String ours = committed("ours");
        GitopsWaitStep step = step(argoCd());
        step.setRepository("shop-config");
        step.setBranch("release");

        assertEquals("gitopsWait: commit " + ours.substring(0, 12) + " was pushed by this build to main of " + repoUrl
                + ", not to release of repository 'shop-config' (" + repoUrl + "); drop repository: and branch: or name"
                + " the repository it was pushed to", startFails(step, services(configuredRepository("main"))).getMessage());

        step.setCommit(ours);
        assertThat("also when the commit is named", startFails(step, services(configuredRepository("main"))).getMessage(),
                containsString("was pushed by this build to main of"));

        step.setBranch("refs/heads/main");
        argo.autopilot(Duration.ofMillis(20));
        TestStepContext context = context();
        new GitopsWaitExecution(context, step, services(configuredRepository("main"))).start();
        assertEquals("naming the repository and branch it was pushed to is fine", ours,
                ((Map<?, ?>) context.awaitSuccess(LIMIT)).get("commit"));
    }

    @Test
    public void fluxWaitsForACommitOfAnotherBuildByItsSha() throws Exception {
        String[] paths = FluxControllerSim.install(kube, repo.head(), false);
        kube.addController(new FluxControllerSim(repo, paths[0], paths[1], false));
        String elsewhere = repo.commit("made elsewhere");
        kube.autopilot(Duration.ofMillis(20));
        GitopsWaitStep step = step(kustomization());
        step.setCommit(elsewhere);
        TestStepContext context = context();

        execution(context, step).start();
        Map<?, ?> value = (Map<?, ?>) context.awaitSuccess(LIMIT);

        assertEquals(elsewhere, value.get("commit"));
    }

    @Test
    public void namedServersAndMissingCredentialsGiveClearErrors() throws Exception {
        committed("ours");
        ArgoCdWaitTarget named = new ArgoCdWaitTarget("shop-web");
        named.setServer("prod-argocd");
        assertEquals("argoCd(application: 'shop-web'): server 'prod-argocd' is not configured in Manage Jenkins » System » GitOps",
                startFails(step(named)).getMessage());

        ArgoCdWaitTarget unknownId = argoCd();
        unknownId.setCredentialsId("nope");
        assertThat(startFails(step(unknownId)).getMessage(),
                containsString("gitopsWait: Argo CD application shop/shop-web: No credentials with ID 'nope'"));
    }

    private AbortException startFails(GitopsWaitStep step) throws Exception {
        return startFails(step, services());
    }

    private AbortException startFails(GitopsWaitStep step, WaitServices services) throws Exception {
        try {
            new GitopsWaitExecution(context(), step, services).start();
        } catch (AbortException e) {
            return e;
        }
        throw new AssertionError("expected start() to fail");
    }

    /** A controller restart: the step's persisted state, without the engine that was waiting for it. */
    private GitopsWaitExecution restart(GitopsWaitExecution execution) throws Exception {
        byte[] programDat = serialize(execution);
        execution.abandon();
        engines.get(0).close();
        return deserialize(programDat).withServices(services());
    }

    /** The context a restarted controller hands the resumed execution: this build and its log. */
    private TestStepContext resumedContext(GitopsWaitExecution resumed) {
        return ((TestStepContext) resumed.getContext()).with(Run.class, run).with(TaskListener.class, log);
    }

    /** shop-web, tracking the test's repository, with a manual sync policy: it stays OutOfSync unless synced. */
    private void addManualSyncApp() throws Exception {
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.auto = false;
        });
    }

    private String committed(String message) throws Exception {
        String sha = repo.commit(message);
        GitopsRunAction.recordCommit(run, new GitopsRunAction.CommitRecord(repoUrl, "main", null, sha,
                List.of("apps/shop/values.yaml"), true, ""));
        return sha;
    }

    private WaitRecord onlyWait() {
        List<WaitRecord> waits = GitopsRunAction.of(run).getWaits();
        assertEquals(waits.toString(), 1, waits.size());
        return waits.get(0);
    }

    /** The engine closes a wait's watch right after the step has heard of its end, on the engine's thread. */
    private static void awaitNoWatchers(Waits waits) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (waits.activeWatchers() > 0) {
            assertTrue(waits.activeWatchers() + " watch(es) still open after " + LIMIT, System.nanoTime() < end);
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    public void anArgoCdServerThatNeverAnswersFailsTheStepNamingHostAndPortLongBeforeTheTimeout() throws Exception {
        int closed = ClosedPort.get();
        committed("ours");
        ArgoCdWaitTarget target = argoCd();
        target.setUrl("http://127.0.0.1:" + closed);
        Waits waits = Waits.create(FAST.withNeverReachedGrace(Duration.ofMillis(500)));
        engines.add(waits);
        TestStepContext context = context();
        Instant started = Instant.now();

        new GitopsWaitExecution(context, step(target), new WaitServices(waits, credentials, WaitConfiguration.NONE,
                new BranchMirrors(mirrors::toPath))).start();
        Throwable failure = context.awaitFailure(LIMIT);

        assertThat(failure.getMessage(), containsString("gitopsWait: Argo CD application shop/shop-web: the server never"
                + " answered in 500ms (cannot reach 127.0.0.1:" + closed + ": connection refused"));
        assertTrue(Duration.between(started, Instant.now()).toSeconds() < 15);
    }

    private TestStepContext context() {
        return new TestStepContext().with(Run.class, run).with(TaskListener.class, log);
    }

    private GitopsWaitExecution execution(TestStepContext context, GitopsWaitStep step) {
        return new GitopsWaitExecution(context, step, services());
    }

    private WaitServices services() {
        return services(WaitConfiguration.NONE);
    }

    private WaitServices services(WaitConfiguration configuration) {
        Waits waits = Waits.create(FAST);
        engines.add(waits);
        return new WaitServices(waits, credentials, configuration, new BranchMirrors(mirrors::toPath));
    }

    /** A configuration that knows the test's config repository as {@code shop-config}, and nothing else. */
    private WaitConfiguration configuredRepository(String defaultBranch) {
        return new WaitConfiguration() {
            @Override
            public Endpoint argoCdServer(String name) throws AbortException {
                return WaitConfiguration.NONE.argoCdServer(name);
            }

            @Override
            public Endpoint cluster(String name) throws AbortException {
                return WaitConfiguration.NONE.cluster(name);
            }

            @Override
            public RepositoryLocation repository(String name) throws AbortException {
                if (!name.equals("shop-config")) {
                    return WaitConfiguration.NONE.repository(name);
                }
                return new RepositoryLocation(repoUrl, "", defaultBranch);
            }
        };
    }

    private static GitopsWaitStep step(GitopsWaitTarget... targets) {
        GitopsWaitStep step = new GitopsWaitStep(List.of(targets));
        step.setTimeout(30);
        return step;
    }

    private ArgoCdWaitTarget argoCd() {
        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setProject("shop");
        target.setUrl(argo.url());
        target.setCredentialsId(ARGO_TOKEN_ID);
        return target;
    }

    private FluxKustomizationWaitTarget kustomization() {
        return kubeTarget(new FluxKustomizationWaitTarget("flux-system", "shop-web"));
    }

    private <T extends GitopsWaitTarget> T kubeTarget(T target) {
        target.setUrl(kube.url());
        target.setCredentialsId(KUBE_TOKEN_ID);
        return target;
    }

    private static byte[] serialize(GitopsWaitExecution execution) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(execution);
        }
        return bytes.toByteArray();
    }

    private static GitopsWaitExecution deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (GitopsWaitExecution) in.readObject();
        }
    }
}
