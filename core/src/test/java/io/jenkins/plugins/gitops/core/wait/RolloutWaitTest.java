package io.jenkins.plugins.gitops.core.wait;

import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertFailed;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.wait.kube.KubeObjectFeed;
import io.jenkins.plugins.gitops.core.wait.sim.DeploymentControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class RolloutWaitTest {

    private KubeSimulator kube;
    private Waits waits;
    private DeploymentControllerSim controller;
    private String path;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() {
        kube = new KubeSimulator();
        waits = Waits.create(TestSettings.FAST);
        path = kube.put("deployments", Fixtures.load("kubernetes/deployment-complete.json"));
        controller = new DeploymentControllerSim(path);
        kube.addController(controller);
        kube.updateSpec(path, spec -> spec.with("template").with("spec").withArray("containers").get(0));
    }

    @After
    public void tearDown() {
        waits.close();
        kube.close();
    }

    @Test
    public void deploymentRolloutCompletesByKubectlRules() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN, null,
                "shop", "web");
        CompletableFuture<WaitOutcome> wait = waits.await(new WaitRequest(target, null, Instant.now().plusSeconds(20)), null,
                line -> {
                    lines.add(line);
                    seen.add(line);
                });
        // the controller takes one step each time the wait has reported what it saw, so every state is observed
        while (!wait.isDone()) {
            seen.poll(2, TimeUnit.SECONDS);
            kube.step();
        }

        WaitOutcome.Done done = assertDone(wait.get());

        assertThat(done.detail(), containsString("deployment \"web\" successfully rolled out"));
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.contains("new replicas have been updated")));
    }

    @Test
    public void progressDeadlineExceededFails() throws Exception {
        controller.exceedDeadline = true;
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Failed failed = assertFailed(await(10));

        assertThat(failed.reason(), containsString("deployment \"web\" exceeded its progress deadline"));
    }

    @Test
    public void unobservedGenerationIsNeverDone() throws Exception {
        WaitOutcome outcome = await(4);

        assertThat(outcome.describe(), containsString("Waiting for deployment spec update to be observed"));
        assertTrue(outcome instanceof WaitOutcome.TimedOut);
    }

    @Test
    public void aWatchCutOnceIsOpenedAgainInsteadOfPolling() throws Exception {
        waits.close();
        waits = Waits.create(TestSettings.STREAMS_TRUSTED);
        kube.cutWatches(1);
        kube.autopilot(Duration.ofMillis(20));

        assertDone(await(10));

        assertEquals(1, kube.count("cut watch"));
        assertTrue("watched again: " + kube.count("watch"), kube.count("watch") >= 2);
        assertEquals("read once, never polled", 1, kube.count("get"));
    }

    @Test
    public void aServerThatCutsEveryWatchIsPolledAndAWatchIsTriedNowAndThen() throws Exception {
        kube.cutWatches(Integer.MAX_VALUE);
        kube.autopilot(Duration.ofMillis(20));

        WaitOutcome.Done done = assertDone(await(20));

        assertThat(done.detail(), containsString("successfully rolled out"));
        int gets = kube.count("get");
        int watches = kube.count("watch");
        assertTrue("polled: " + gets, gets >= 2);
        assertTrue(watches + " watches for " + gets + " polls",
                watches <= KubeObjectFeed.QUIET_WATCHES_BEFORE_POLLING + gets / KubeObjectFeed.POLLS_BETWEEN_WATCH_TRIES + 1);
    }

    @Test
    public void closingTheEngineEndsTheWaitsStillRunning() throws Exception {
        RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN, null,
                "shop", "web");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        CompletableFuture<WaitOutcome> wait = waits.await(new WaitRequest(target, null, Instant.now().plusSeconds(60)),
                null, seen::add);
        assertTrue("the wait saw the Deployment", seen.poll(10, TimeUnit.SECONDS) != null);

        waits.close();

        WaitOutcome.Failed failed = assertFailed(wait.get(10, TimeUnit.SECONDS));
        assertThat(failed.reason(), containsString("the wait engine was shut down"));
    }

    private WaitOutcome await(int seconds) throws Exception {
        RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN, null,
                "shop", "web");
        return waits.await(new WaitRequest(target, null, Instant.now().plusSeconds(seconds)), null, lines::add)
                .get(seconds + 5, TimeUnit.SECONDS);
    }
}
