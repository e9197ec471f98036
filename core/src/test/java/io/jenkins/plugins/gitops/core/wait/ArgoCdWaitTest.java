package io.jenkins.plugins.gitops.core.wait;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ArgoCdWaitTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private ArgoCdSimulator sim;
    private Waits waits;
    private JGitAncestry ancestry;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws Exception {
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        repo.commit("previous");
        sim = new ArgoCdSimulator(repo);
        waits = Waits.create(TestSettings.FAST);
        ancestry = repo.ancestry(tmp.newFolder("clone.git"));
    }

    @After
    public void tearDown() {
        waits.close();
        sim.close();
        repo.close();
    }

    @Test
    public void autoSyncedApplicationIsDoneWhenSyncedAndHealthyOnOurCommit() throws Exception {
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome outcome = await(target(false), ours, 10);

        WaitOutcome.Done done = assertDone(outcome);
        assertEquals(ours, done.appliedRevision());
        assertFalse(done.superseded());
        assertThat(done.detail(), containsString("Synced and Healthy at " + ours.substring(0, 12)));
        assertEquals("the stream is the only watcher", 1, sim.count("stream"));
    }

    @Test
    public void manualApplicationIsSyncedToOurCommitWhenAsked() throws Exception {
        sim.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(target(true), ours, 10));

        assertEquals(ours, done.appliedRevision());
        assertEquals(1, sim.count("sync"));
    }

    @Test
    public void manualSyncWaitsForAnotherRunningOperation() throws Exception {
        sim.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");
        sim.startOperationBy("shop-web", "alice");

        CompletableFuture<WaitOutcome> wait = start(target(true), ours, 10);
        assertEquals("no sync while another operation runs", 0, sim.count("sync"));
        sim.autopilot(Duration.ofMillis(20));

        assertDone(wait.get(10, TimeUnit.SECONDS));
        assertEquals(1, sim.count("sync"));
    }

    @Test
    public void manualApplicationWithoutSyncTimesOutWithDiagnosis() throws Exception {
        sim.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");

        WaitOutcome outcome = await(target(false), ours, 3);

        assertThat(outcome, instanceOf(WaitOutcome.TimedOut.class));
        String diagnosis = outcome.describe();
        assertThat(diagnosis, containsString("sync OutOfSync at " + ours.substring(0, 12)));
        assertThat(diagnosis, containsString("health Healthy"));
        assertThat(diagnosis, containsString("waiting for someone to sync"));
        assertThat(diagnosis, containsString("State history"));
        assertEquals(0, sim.count("sync"));
    }

    @Test
    public void failedSyncFailsFastQuotingMessageAndFailedResources() throws Exception {
        sim.addApp("shop-web", app -> app.failSyncWith = "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value");
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("one or more objects failed to apply"));
        assertThat(failed.reason(), containsString("apps/Deployment shop/web: Deployment.apps \"web\" is invalid"));
    }

    @Test
    public void slowRefreshesAreHeldOpenWithoutTakingTheRequestThreads() throws Exception {
        int apps = 10;
        for (int i = 0; i < apps; i++) {
            sim.addApp("app-" + i, app -> { });
        }
        sim.refreshLatency(Duration.ofMillis(1500), Duration.ofMillis(1500));
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        List<CompletableFuture<WaitOutcome>> running = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            running.add(start(new ArgoCdTarget(sim.url(), ArgoCdSimulator.TOKEN, "shop", "app-" + i, false, null), ours, 20));
        }
        for (CompletableFuture<WaitOutcome> wait : running) {
            assertEquals(ours, assertDone(wait.get(25, TimeUnit.SECONDS)).appliedRevision());
        }
        assertTrue("refreshes held open at once, more than a server's lane of two request threads: "
                + sim.mostRefreshesInFlight(), sim.mostRefreshesInFlight() > 2);
    }

    @Test
    public void degradedHealthOnOurCommitNamesTheUnhealthyResources() throws Exception {
        sim.addApp("shop-web", app -> app.healthAfterSync = "Degraded");
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("Degraded"));
        assertThat(failed.reason(), containsString("apps/Deployment shop/web Degraded: Deployment \"web\" exceeded"));
        assertEquals(0, sim.count("tree"));
    }

    @Test
    public void degradedWithoutResourceHealthAsksTheResourceTree() throws Exception {
        sim.addApp("shop-web", app -> {
            app.healthAfterSync = "Degraded";
            app.healthInApp = false;
        });
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("apps/Deployment shop/web Degraded"));
        assertEquals(1, sim.count("tree"));
    }

    @Test
    public void newerCommitContainingOursCountsAsSuperseded() throws Exception {
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");
        String newer = repo.commit("someone else's, later");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(target(false), ours, 10));

        assertTrue(done.superseded());
        assertEquals(newer, done.appliedRevision());
        assertThat(done.detail(), containsString("is Synced and Healthy at " + newer.substring(0, 12)
                + ", a newer commit that contains " + ours.substring(0, 12)));
    }

    @Test
    public void forcePushedBranchWithoutOurCommitFails() throws Exception {
        sim.addApp("shop-web", app -> { });
        String previous = repo.head();
        String ours = repo.commit("ours");
        assertTrue("our clone knows our commit, as Jenkins' clone does", ancestry.branchContains(ours));
        repo.commitOn(previous, "force-pushed instead", true);

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("does not contain " + ours.substring(0, 12)));
        assertThat(failed.reason(), containsString("rewritten"));
    }

    @Test
    public void branchResetBelowOurCommitFails() throws Exception {
        sim.addApp("shop-web", app -> { });
        String previous = repo.head();
        String ours = repo.commit("ours");
        assertTrue("our clone knows our commit, as Jenkins' clone does", ancestry.branchContains(ours));
        repo.resetTo(previous);

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("no longer contains " + ours.substring(0, 12)));
    }

    @Test
    public void applicationOfAnotherRepositoryFailsFast() throws Exception {
        sim.addApp("shop-web", app -> app.repoUrl = "https://git.example.com/platform/other-config.git");
        String ours = repo.commit("ours");

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("does not track " + ConfigRepo.URL));
    }

    @Test
    public void applicationOnAnotherBranchFailsFast() throws Exception {
        sim.addApp("shop-web", app -> app.targetRevision = "release-1.x");
        String ours = repo.commit("ours");

        WaitOutcome.Failed failed = assertFailed(await(target(false), ours, 10));

        assertThat(failed.reason(), containsString("tracks targetRevision release-1.x, not branch main"));
    }

    @Test
    public void repositoryUrlsAreComparedNormalizedAndHeadMeansDefaultBranch() throws Exception {
        sim.addApp("shop-web", app -> {
            app.repoUrl = "HTTPS://Git.Example.COM/platform/shop-config/";
            app.targetRevision = "HEAD";
        });
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        assertDone(await(target(false), ours, 10));
    }

    @Test
    public void multiSourceApplicationUsesTheSourceOfOurRepository() throws Exception {
        sim.addApp("shop-web", app -> {
            app.multiSource = true;
            app.auto = false;
        });
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(target(true), ours, 10));

        assertEquals(ours, done.appliedRevision());
        assertEquals(1, sim.count("sync"));
    }

    @Test
    public void expiredTokenFailsWithoutRetryQuotingTheServer() throws Exception {
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");
        ArgoCdTarget target = new ArgoCdTarget(sim.url(), "expired", "shop", "shop-web", false, null);

        WaitOutcome.Failed failed = assertFailed(await(target, ours, 10));

        assertThat(failed.reason(), containsString("401"));
        assertThat(failed.reason(), containsString("invalid session: token has invalid claims: token is expired"));
        assertTrue("no retries after a 401", sim.count("unauthorized") >= 1 && sim.count("unauthorized") <= 2);
    }

    @Test
    public void refusedSyncFailsQuotingTheServer() throws Exception {
        sim.addApp("shop-web", app -> app.auto = false);
        sim.denySync();
        String ours = repo.commit("ours");

        WaitOutcome.Failed failed = assertFailed(await(target(true), ours, 10));

        assertThat(failed.reason(), containsString("permission denied: applications, sync, shop/shop-web"));
        assertEquals(1, sim.count("sync"));
    }

    @Test
    public void unknownApplicationFailsAsNotFound() throws Exception {
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");
        ArgoCdTarget target = new ArgoCdTarget(sim.url(), ArgoCdSimulator.TOKEN, "shop", "shop-wbe", false, null);

        WaitOutcome.Failed failed = assertFailed(await(target, ours, 10));

        assertThat(failed.reason(), containsString("not found (404): applications.argoproj.io \"shop-wbe\" not found"));
    }

    @Test
    public void transientErrorsAreRetriedAndLoggedOnce() throws Exception {
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");
        sim.failNext(4, 503, "{\"error\":\"upstream unavailable\",\"code\":14,\"message\":\"upstream unavailable\"}");
        sim.autopilot(Duration.ofMillis(20));

        assertDone(await(target(false), ours, 10));

        assertEquals(4, sim.count("failed"));
        long retryLines = lines.stream().filter(l -> l.contains("retrying until the deadline")).count();
        assertTrue(lines.toString(), retryLines >= 1 && retryLines <= 2);
    }

    @Test
    public void twoWaitsOnOneApplicationShareOneStream() throws Exception {
        waits.close();
        waits = Waits.create(TestSettings.STREAMS_TRUSTED);
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");

        CompletableFuture<WaitOutcome> first = start(target(false), ours, 10);
        CompletableFuture<WaitOutcome> second = start(target(false), ours, 10);
        assertEquals(1, waits.activeWatchers());
        sim.autopilot(Duration.ofMillis(20));

        assertDone(first.get(10, TimeUnit.SECONDS));
        assertDone(second.get(10, TimeUnit.SECONDS));
        assertEquals(1, sim.count("stream"));
        assertEquals(0, sim.count("get"));
    }

    @Test
    public void tenWaitsOnOneApplicationShareTheirRefreshes() throws Exception {
        sim.addApp("shop-web", app -> { });
        String ours = repo.commit("ours");
        List<CompletableFuture<WaitOutcome>> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waits.add(start(target(false), ours, 10));
        }
        sim.autopilot(Duration.ofMillis(20));

        for (CompletableFuture<WaitOutcome> wait : waits) {
            assertDone(wait.get(10, TimeUnit.SECONDS));
        }
        assertTrue("one refresh at once, one for all who asked meanwhile, not 10: " + sim.count("refresh"),
                sim.count("refresh") <= 3);
        assertEquals(1, sim.count("stream"));
    }

    @Test
    public void withoutStreamEndpointTheApplicationIsPolled() throws Exception {
        sim.addApp("shop-web", app -> { });
        sim.disableStream();
        String ours = repo.commit("ours");
        sim.autopilot(Duration.ofMillis(20));

        assertDone(await(target(false), ours, 10));

        assertEquals(1, sim.count("stream"));
        assertTrue("polled", sim.count("get") >= 1);
    }

    @Test
    public void requestsSurviveSerializationForReArmingAfterARestart() throws Exception {
        WaitRequest request = new WaitRequest(target(true), commit("fa7698a487b569a305c5364589b53ac98d6626e9"),
                Instant.parse("2026-08-23T10:30:00Z"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(request);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(request, in.readObject());
        }
        assertFalse("no token in logs", request.target().toString().contains(ArgoCdSimulator.TOKEN));
    }

    /**
     * A caller's handler that runs on its own executor may run the engine's own clean-up on that executor's thread,
     * as CompletableFuture lets any thread help complete dependents; cancel must still close the watch before it
     * returns. Without that, this loop finds an open watch within a few hundred rounds.
     */
    @Test
    public void cancelClosesTheWatchBeforeReturningWhileAnotherThreadRunsTheCallersHandler() throws Exception {
        sim.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");
        ExecutorService handlers = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 1000; round++) {
                WaitRequest request = new WaitRequest(target(false), commit(ours), Instant.now().plusSeconds(10));
                CompletableFuture<WaitOutcome> wait = waits.await(request, ancestry, lines::add);
                wait.whenCompleteAsync((outcome, error) -> { }, handlers);
                wait.cancel(true);
                assertEquals("watches open right after round " + round + " was cancelled", 0, waits.activeWatchers());
            }
        } finally {
            handlers.shutdownNow();
        }
    }

    @Test
    public void cancellingStopsWatchingAndTheSameRequestCanBeReArmed() throws Exception {
        sim.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");
        WaitRequest request = new WaitRequest(target(true), commit(ours), Instant.now().plusSeconds(10));
        sim.startOperationBy("shop-web", "alice");

        CompletableFuture<WaitOutcome> first = waits.await(request, ancestry, lines::add);
        assertEquals(1, waits.activeWatchers());
        first.cancel(true);
        assertEquals(0, waits.activeWatchers());

        sim.autopilot(Duration.ofMillis(20));
        assertDone(waits.await(request, ancestry, lines::add).get(10, TimeUnit.SECONDS));
    }

    private ArgoCdTarget target(boolean sync) {
        return new ArgoCdTarget(sim.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", sync, null);
    }

    private static ConfigCommit commit(String sha) {
        return new ConfigCommit(ConfigRepo.URL, "main", "main", sha);
    }

    private CompletableFuture<WaitOutcome> start(WaitTarget target, String sha, int seconds) {
        return waits.await(new WaitRequest(target, commit(sha), Instant.now().plusSeconds(seconds)), ancestry, lines::add);
    }

    private WaitOutcome await(WaitTarget target, String sha, int seconds) throws Exception {
        return start(target, sha, seconds).get(seconds + 5, TimeUnit.SECONDS);
    }

    static WaitOutcome.Done assertDone(WaitOutcome outcome) {
        assertTrue("expected Done but was " + outcome, outcome instanceof WaitOutcome.Done);
        return (WaitOutcome.Done) outcome;
    }

    static WaitOutcome.Failed assertFailed(WaitOutcome outcome) {
        assertTrue("expected Failed but was " + outcome, outcome instanceof WaitOutcome.Failed);
        return (WaitOutcome.Failed) outcome;
    }
}
