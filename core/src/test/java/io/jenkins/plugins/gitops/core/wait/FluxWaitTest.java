package io.jenkins.plugins.gitops.core.wait;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertFailed;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.FluxControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FluxWaitTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private KubeSimulator kube;
    private Waits waits;
    private JGitAncestry ancestry;
    private String previous;
    private String[] paths;
    private FluxControllerSim flux;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws Exception {
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        previous = repo.commit("previous");
        kube = new KubeSimulator();
        waits = Waits.create(TestSettings.FAST);
        ancestry = repo.ancestry(tmp.newFolder("clone.git"));
    }

    private void install(boolean helm) {
        paths = FluxControllerSim.install(kube, previous, helm);
        flux = new FluxControllerSim(repo, paths[0], paths[1], helm);
        kube.addController(flux);
    }

    @After
    public void tearDown() {
        waits.close();
        kube.close();
        repo.close();
    }

    @Test
    public void kustomizationIsDoneWhenReadyOnOurCommitAfterReconcileRequests() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(kustomization(), ours, 10));

        assertEquals(ours, done.appliedRevision());
        assertThat(done.detail(), containsString("Ready at main@sha1:" + ours));
        List<JsonNode> patches = kube.patches();
        assertEquals(2, patches.size());
        assertTrue(patches.get(0).path("metadata").path("annotations").has(FluxControllerSim.REQUESTED_AT));
    }

    @Test
    public void newerCommitContainingOursCountsAsSuperseded() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        String newer = repo.commit("newer");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(kustomization(), ours, 10));

        assertTrue(done.superseded());
        assertEquals(newer, done.appliedRevision());
    }

    @Test
    public void readyFalseWithTerminalReasonOnOurRevisionFailsQuotingTheMessage() throws Exception {
        install(false);
        flux.failWith = "HealthCheckFailed";
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(kustomization(), ours, 10));

        assertThat(failed.reason(), containsString("failed to apply main@sha1:" + ours));
        assertThat(failed.reason(), containsString("HealthCheckFailed: health check failed after"));
    }

    @Test
    public void stalledFailsQuotingTheMessage() throws Exception {
        install(false);
        flux.stall = true;
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(kustomization(), ours, 10));

        assertThat(failed.reason(), containsString("stalled: BuildFailed: kustomize build failed"));
    }

    @Test
    public void sourceThatCannotFetchIsLoggedAndNamedInTheTimeoutDiagnosis() throws Exception {
        install(false);
        flux.sourceFailsWith = "AuthenticationFailed";
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome outcome = await(kustomization(), ours, 3);

        assertThat(outcome, instanceOf(WaitOutcome.TimedOut.class));
        String cannotFetch = "GitRepository flux-system/shop-config cannot fetch: AuthenticationFailed: failed to checkout"
                + " and determine revision: unable to clone 'https://git.example.com/platform/shop-config.git':"
                + " authentication required; last artifact main@sha1:" + previous;
        assertThat(outcome.describe(), containsString("Source: " + cannotFetch));
        assertEquals("logged once, when it started", 1, lines.stream().filter(cannotFetch::equals).count());
    }

    @Test
    public void stalledSourceFailsFast() throws Exception {
        install(false);
        flux.sourceFailsWith = "URLInvalid";
        flux.sourceStalls = true;
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(kustomization(), ours, 10));

        assertThat(failed.reason(), containsString("Flux Kustomization flux-system/shop-web cannot get our commit:"
                + " GitRepository flux-system/shop-config is stalled: URLInvalid: failed to checkout"));
    }

    @Test
    public void stalledSourceDoesNotFailAWaitWhoseCommitIsAlreadyApplied() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        kube.update(paths[1], o -> status(o, "main@sha1:" + ours, "Unknown", "Progressing"));
        kube.update(paths[0], s -> {
            ObjectNode stalled = s.with("status").putArray("conditions").addObject();
            stalled.put("type", "Stalled").put("status", "True").put("reason", "URLInvalid")
                    .put("message", "invalid URL: the URL was changed after our commit was applied");
        });
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        CompletableFuture<WaitOutcome> wait = waits.await(new WaitRequest(kustomization(),
                new ConfigCommit(ConfigRepo.URL, "main", "main", ours), Instant.now().plusSeconds(10)), ancestry, line -> {
                    lines.add(line);
                    seen.add(line);
                });
        String line;
        do {
            line = seen.poll(10, TimeUnit.SECONDS);
        } while (line != null && !line.contains("is stalled"));
        assertEquals("GitRepository flux-system/shop-config is stalled: URLInvalid: invalid URL: the URL was changed"
                + " after our commit was applied", line);
        assertFalse("our commit is applied; only readiness is missing", wait.isDone());

        kube.update(paths[1], o -> status(o, "main@sha1:" + ours, "True", "ReconciliationSucceeded"));

        assertEquals(ours, assertDone(wait.get(10, TimeUnit.SECONDS)).appliedRevision().substring(0, 40));
    }

    private static void status(ObjectNode object, String applied, String ready, String reason) {
        ObjectNode status = object.with("status");
        status.put("lastAppliedRevision", applied).put("lastAttemptedRevision", applied)
                .put("observedGeneration", object.path("metadata").path("generation").asLong());
        ObjectNode condition = status.putArray("conditions").addObject();
        condition.put("type", "Ready").put("status", ready).put("reason", reason).put("message", reason);
    }

    @Test
    public void aNewSourceRefIsFollowedInsteadOfTheOldOneAndAMissingSourceIsNotWatched() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        CompletableFuture<WaitOutcome> wait = waits.await(new WaitRequest(kustomization(),
                new ConfigCommit(ConfigRepo.URL, "main", "main", ours), Instant.now().plusSeconds(10)), ancestry, line -> {
                    lines.add(line);
                    seen.add(line);
                });
        awaitLine(seen, "GitRepository flux-system/shop-config");
        assertEquals("the Kustomization and its GitRepository", 2, waits.activeWatchers());

        kube.updateSpec(paths[1], spec -> spec.with("sourceRef").put("name", "renamed-config"));

        assertThat(awaitLine(seen, "Cannot watch GitRepository flux-system/renamed-config"),
                containsString("(HTTP 404: "));
        // every line comes under the wait's lock, after all that judging the previous state did
        kube.update(paths[1], o -> status(o, "main@sha1:" + previous, "Unknown", "Progressing"));
        awaitLine(seen, "applied main@sha1:" + previous + ", attempted main@sha1:" + previous + ", Ready=Unknown Progressing");
        kube.update(paths[1], o -> status(o, "main@sha1:" + previous, "Unknown", "DependencyNotReady"));
        awaitLine(seen, "applied main@sha1:" + previous + ", attempted main@sha1:" + previous + ", Ready=Unknown Dep");

        assertEquals("the old source's watch ended, and the missing one is not asked for again", 1, waits.activeWatchers());
        assertEquals(1, lines.stream().filter(line -> line.startsWith("Cannot watch")).count());
        assertFalse(wait.isDone());
    }

    private static String awaitLine(java.util.concurrent.BlockingQueue<String> lines, String start) throws Exception {
        String line;
        do {
            line = lines.poll(10, TimeUnit.SECONDS);
        } while (line != null && !line.startsWith(start));
        assertTrue("no line starting with " + start, line != null);
        return line;
    }

    @Test
    public void helmReleaseIsDoneWhenItsChartVersionNamesOurCommit() throws Exception {
        install(true);
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(helmRelease(), ours, 10));

        assertEquals(ours.substring(0, 12), done.appliedRevision());
    }

    @Test
    public void forcePushWithoutOurCommitFails() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        assertTrue(ancestry.branchContains(ours));
        repo.commitOn(previous, "force-pushed", true);
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(kustomization(), ours, 10));

        assertThat(failed.reason(), containsString(ours.substring(0, 12)));
        assertThat(failed.reason(), containsString("force push"));
    }

    @Test
    public void forbiddenReconcileRequestFailsQuotingTheServer() throws Exception {
        install(false);
        kube.forbidPatch(paths[1]);
        String ours = repo.commit("ours");

        WaitOutcome.Failed failed = assertFailed(await(kustomization(), ours, 10));

        assertThat(failed.reason(), containsString("permission denied (403)"));
        assertThat(failed.reason(), containsString("cannot patch resource \"kustomizations\""));
    }

    @Test
    public void missingObjectFailsAsNotFound() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        FluxTarget target = new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, kube.url(), KubeSimulator.TOKEN, null,
                "flux-system", "shop-wbe");

        WaitOutcome.Failed failed = assertFailed(await(target, ours, 10));

        assertThat(failed.reason(), containsString("kustomizations.kustomize.toolkit.fluxcd.io \"shop-wbe\" not found"));
    }

    @Test
    public void badTokenFailsWithoutRetry() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        FluxTarget target = new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, kube.url(), "wrong", null, "flux-system",
                "shop-web");

        WaitOutcome.Failed failed = assertFailed(await(target, ours, 10));

        assertThat(failed.reason(), containsString("authentication refused (401): Unauthorized"));
        assertTrue(kube.count("unauthorized") <= 2);
    }

    @Test
    public void transientErrorsAreRetried() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        kube.failNext(3, 503, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"etcdserver: leader changed\",\"reason\":\"ServiceUnavailable\",\"code\":503}");
        kube.autopilot(Duration.ofMillis(20));

        assertDone(await(kustomization(), ours, 10));
        assertEquals(3, kube.count("failed"));
    }

    @Test
    public void controllerThatNeverActsTimesOutWithConditions() throws Exception {
        install(false);
        String ours = repo.commit("ours");

        WaitOutcome outcome = await(kustomization(), ours, 3);

        assertThat(outcome, instanceOf(WaitOutcome.TimedOut.class));
        assertThat(outcome.describe(), containsString("applied main@sha1:" + previous));
        assertThat(outcome.describe(), containsString("Condition Ready=True ReconciliationSucceeded"));
    }

    @Test
    public void twoWaitsOnOneKustomizationShareOneWatch() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        CompletableFuture<WaitOutcome> first = start(kustomization(), ours, 10);
        CompletableFuture<WaitOutcome> second = start(kustomization(), ours, 10);
        assertEquals(1, waits.activeWatchers());
        kube.autopilot(Duration.ofMillis(20));

        assertDone(first.get(10, TimeUnit.SECONDS));
        assertDone(second.get(10, TimeUnit.SECONDS));
        assertEquals("one watch on the Kustomization and one on its GitRepository, for both waits", 2,
                kube.count("watch"));
    }

    @Test
    public void tenWaitsOnOneKustomizationShareTheirReconcileRequests() throws Exception {
        install(false);
        String ours = repo.commit("ours");
        WaitSettings noRechecks = new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(5));
        List<CompletableFuture<WaitOutcome>> started = new java.util.ArrayList<>();
        try (Waits shared = Waits.create(noRechecks)) {
            for (int i = 0; i < 10; i++) {
                ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, "main", "main", ours);
                started.add(shared.await(new WaitRequest(kustomization(), commit, Instant.now().plusSeconds(10)), ancestry,
                        lines::add));
            }
            kube.autopilot(Duration.ofMillis(20));

            for (CompletableFuture<WaitOutcome> wait : started) {
                assertDone(wait.get(10, TimeUnit.SECONDS));
            }
        }
        assertTrue("one request sent at once, one for all who asked meanwhile (2 patches each), not 10: "
                + kube.patches().size(), kube.patches().size() <= 6);
        assertEquals("the Kustomization and its GitRepository", 2, kube.count("watch"));
    }

    private FluxTarget kustomization() {
        return new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, kube.url(), KubeSimulator.TOKEN, null, "flux-system",
                "shop-web");
    }

    private FluxTarget helmRelease() {
        return new FluxTarget(FluxTarget.Kind.HELM_RELEASE, kube.url(), KubeSimulator.TOKEN, null, "shop", "shop-api");
    }

    private CompletableFuture<WaitOutcome> start(WaitTarget target, String sha, int seconds) {
        ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, "main", "main", sha);
        return waits.await(new WaitRequest(target, commit, Instant.now().plusSeconds(seconds)), ancestry, lines::add);
    }

    private WaitOutcome await(WaitTarget target, String sha, int seconds) throws Exception {
        return start(target, sha, seconds).get(seconds + 5, TimeUnit.SECONDS);
    }
}
