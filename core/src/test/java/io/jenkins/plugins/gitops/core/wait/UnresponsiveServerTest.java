package io.jenkins.plugins.gitops.core.wait;

import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.DeploymentControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A server that accepts requests but stops answering, or a git fetch that takes long, must not hold up waits on other
 * servers, nor any deadline.
 */
public class UnresponsiveServerTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private ArgoCdSimulator argo;
    private KubeSimulator kube;
    private Waits waits;

    @Before
    public void setUp() throws Exception {
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        repo.commit("previous");
        argo = new ArgoCdSimulator(repo);
        kube = new KubeSimulator();
        WaitSettings fast = TestSettings.FAST;
        waits = Waits.create(new WaitSettings(fast.pollInitial(), fast.pollMax(), fast.retryInitial(), fast.retryMax(),
                Duration.ofSeconds(60), fast.recheckInterval()));
    }

    @After
    public void tearDown() {
        waits.close();
        kube.releaseHeldRequests();
        kube.close();
        argo.close();
        repo.close();
    }

    @Test
    public void hungKubernetesApiDoesNotStopASyncOnArgoCd() throws Exception {
        kube.holdRequests((method, uri) -> !uri.contains("watch="));
        List<CompletableFuture<WaitOutcome>> stuck = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        for (String name : List.of("web", "api", "worker", "cron")) {
            RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN,
                    null, "shop", name);
            stuck.add(waits.await(new WaitRequest(target, null, deadline), null, WaitListener.NONE));
        }
        Instant held = Instant.now().plusSeconds(10);
        while (kube.heldRequests() < 2 && Instant.now().isBefore(held)) {
            Thread.onSpinWait();
        }
        assertTrue("the Kubernetes API holds requests: " + kube.heldRequests(), kube.heldRequests() >= 2);

        argo.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");
        argo.autopilot(Duration.ofMillis(20));
        ArgoCdTarget target = new ArgoCdTarget(argo.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", true, null);
        WaitOutcome outcome = waits.await(new WaitRequest(target, new ConfigCommit(ConfigRepo.URL, "main", "main", ours),
                Instant.now().plusSeconds(10)), repo.ancestry(tmp.newFolder("clone.git")), WaitListener.NONE)
                .get(15, TimeUnit.SECONDS);

        assertEquals(ours, assertDone(outcome).appliedRevision());
        assertEquals(1, argo.count("sync"));
        assertEquals("a server holds at most its own lane of request threads", 2, kube.heldRequests());
        stuck.forEach(wait -> assertFalse(wait.isDone()));
    }

    @Test
    public void slowGitFetchHoldsUpNeitherOtherWaitsNorDeadlines() throws Exception {
        JGitAncestry real = repo.ancestry(tmp.newFolder("clone.git"));
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch fetchMayEnd = new CountDownLatch(1);
        Ancestry slowFetch = (ours, applied) -> {
            fetching.countDown();
            try {
                fetchMayEnd.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return real.relation(ours, applied);
        };
        argo.addApp("shop-web", app -> { });
        argo.addApp("shop-api", app -> app.auto = false);
        String ours = repo.commit("ours");
        String newer = repo.commit("newer: whether it contains ours takes the repository");
        argo.autopilot(Duration.ofMillis(20));
        ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, "main", "main", ours);
        CompletableFuture<WaitOutcome> gitBound = waits.await(new WaitRequest(
                new ArgoCdTarget(argo.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", false, null), commit,
                Instant.now().plusSeconds(60)), slowFetch, WaitListener.NONE);
        assertTrue("the wait asks the repository", fetching.await(10, TimeUnit.SECONDS));

        CompletableFuture<WaitOutcome> shortDeadline = waits.await(new WaitRequest(
                new ArgoCdTarget(argo.url(), ArgoCdSimulator.TOKEN, "shop", "shop-api", false, null), commit,
                Instant.now().plusSeconds(1)), real, WaitListener.NONE);
        String path = kube.put("deployments", Fixtures.load("kubernetes/deployment-complete.json"));
        kube.addController(new DeploymentControllerSim(path));
        kube.updateSpec(path, spec -> spec.with("template").with("spec").withArray("containers").get(0));
        kube.autopilot(Duration.ofMillis(20));
        CompletableFuture<WaitOutcome> rollout = waits.await(new WaitRequest(new RolloutTarget(
                RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN, null, "shop", "web"), null,
                Instant.now().plusSeconds(30)), null, WaitListener.NONE);

        assertThat(rollout.get(10, TimeUnit.SECONDS), instanceOf(WaitOutcome.Done.class));
        assertThat("the deadline fires while the fetch runs", shortDeadline.get(10, TimeUnit.SECONDS),
                instanceOf(WaitOutcome.TimedOut.class));
        assertFalse(gitBound.isDone());

        fetchMayEnd.countDown();
        WaitOutcome.Done done = assertDone(gitBound.get(10, TimeUnit.SECONDS));
        assertEquals(newer, done.appliedRevision());
        assertTrue(done.superseded());
    }
}
