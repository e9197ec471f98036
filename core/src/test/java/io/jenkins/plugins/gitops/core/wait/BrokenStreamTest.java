package io.jenkins.plugins.gitops.core.wait;

import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer.Fault;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.DeploymentControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Argo CD's event stream broken on the way, as the report found it through a proxy: cut after 1.5 KB every time,
 * open but silent after its headers, stalled mid-way. The application is Synced and Healthy at our commit soon after
 * the start; the wait must see it within a few poll intervals, not time out.
 */
public class BrokenStreamTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private ArgoCdSimulator argo;
    private HttpProxyServer proxy;
    private Waits waits;
    private String ours;

    @Before
    public void setUp() throws Exception {
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        repo.commit("previous");
        argo = new ArgoCdSimulator(repo);
        argo.addApp("shop-web", app -> { });
        ours = repo.commit("ours");
        proxy = HttpProxyServer.open();
        HttpProxy through = new HttpProxy(proxy.host(), proxy.port(), null, null, null);
        waits = Waits.create(TestSettings.FAST, () -> through);
    }

    @After
    public void tearDown() throws Exception {
        waits.close();
        proxy.close();
        argo.close();
        repo.close();
    }

    private void assertAppliedWithin(Duration within) throws Exception {
        ArgoCdTarget target = new ArgoCdTarget(argo.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", false, null);
        ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, "main", "main", ours);
        Instant started = Instant.now();
        var waiting = waits.await(new WaitRequest(target, commit, Instant.now().plusSeconds(20)),
                repo.ancestry(tmp.newFolder()), WaitListener.NONE);
        argo.autopilot(Duration.ofMillis(50));

        WaitOutcome.Done done = assertDone(waiting.get(30, TimeUnit.SECONDS));

        assertEquals(ours, done.appliedRevision());
        Duration took = Duration.between(started, Instant.now());
        assertTrue("applied in " + took.toMillis() + " ms", took.compareTo(within) < 0);
    }

    @Test
    public void aStreamCutBeforeItsFirstWholeEventEveryTime() throws Exception {
        proxy.fault(Fault.cutAfter("/api/v1/stream/", 1500));
        assertAppliedWithin(Duration.ofSeconds(10));
    }

    @Test
    public void aStreamOpenButSilentAfterItsHeaders() throws Exception {
        proxy.fault(Fault.stallAfter("/api/v1/stream/", 120));
        assertAppliedWithin(Duration.ofSeconds(10));
    }

    @Test
    public void aStreamThatStallsMidway() throws Exception {
        proxy.fault(Fault.stallAfter("/api/v1/stream/", 3000));
        assertAppliedWithin(Duration.ofSeconds(10));
    }

    @Test
    public void aKubernetesWatchHeldOpenAndSilentByTheProxy() throws Exception {
        try (KubeSimulator kube = new KubeSimulator()) {
            String path = kube.put("deployments", Fixtures.load("kubernetes/deployment-rolling.json"));
            proxy.fault(Fault.stallAfter("watch=1", 200));
            RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN,
                    null, "shop", "web");
            Instant started = Instant.now();
            var waiting = waits.await(new WaitRequest(target, null, Instant.now().plusSeconds(20)), null,
                    WaitListener.NONE);
            Instant watching = Instant.now().plusSeconds(5);
            while (proxy.requests().stream().noneMatch(r -> r.contains("watch=1")) && Instant.now().isBefore(watching)) {
                Thread.onSpinWait();
            }
            kube.addController(new DeploymentControllerSim(path));
            kube.autopilot(Duration.ofMillis(50));

            WaitOutcome.Done done = assertDone(waiting.get(30, TimeUnit.SECONDS));

            assertTrue(done.detail(), done.detail().contains("successfully rolled out"));
            assertTrue(Duration.between(started, Instant.now()).toSeconds() < 10);
        }
    }
}
