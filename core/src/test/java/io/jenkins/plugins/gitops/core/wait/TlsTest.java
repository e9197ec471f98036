package io.jenkins.plugins.gitops.core.wait;

import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertFailed;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.gitops.core.testing.TestTls;
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
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Servers with a private CA: certificate and host name checks stay on, and the configured CA is what is trusted. */
public class TlsTest {

    private static TestTls serverCa;
    private static TestTls otherCa;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private ArgoCdSimulator argo;
    private Waits waits;
    private String ours;

    @BeforeClass
    public static void makeCertificates() {
        serverCa = TestTls.create("GitOps Bridge test CA");
        otherCa = TestTls.create("Some other CA");
    }

    @Before
    public void setUp() throws Exception {
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        repo.commit("previous");
        argo = new ArgoCdSimulator(repo, ArgoCdSimulator.TOKEN, serverCa);
        argo.addApp("shop-web", app -> { });
        ours = repo.commit("ours");
        argo.autopilot(Duration.ofMillis(20));
        waits = Waits.create(TestSettings.FAST);
    }

    @After
    public void tearDown() {
        waits.close();
        argo.close();
        repo.close();
    }

    @Test
    public void argoCdWithItsCaCertificateConfigured() throws Exception {
        WaitOutcome.Done done = assertDone(await(argoCd(argo.url(), serverCa.caPem())));

        assertEquals(ours, done.appliedRevision());
    }

    @Test
    public void withoutTheCaCertificateTheWaitFailsAtOnceNamingTls() throws Exception {
        WaitOutcome.Failed failed = assertFailed(await(argoCd(argo.url(), null)));

        assertThat(failed.reason(), containsString("Argo CD application shop/shop-web: TLS verification failed (PKIX path"
                + " building failed: unable to find valid certification path to requested target); if the server uses a"
                + " private CA, configure its CA certificate"));
        assertEquals("the server saw no API call", 0, argo.count("refresh") + argo.count("stream"));
    }

    @Test
    public void anotherCaIsNotTrusted() throws Exception {
        WaitOutcome.Failed failed = assertFailed(await(argoCd(argo.url(), otherCa.caPem())));

        assertThat(failed.reason(), containsString("TLS verification failed"));
    }

    @Test
    public void theHostNameIsChecked() throws Exception {
        String byName = "https://localhost:" + argo.port();

        WaitOutcome.Failed failed = assertFailed(await(argoCd(byName, serverCa.caPem())));

        assertThat(failed.reason(), containsString("TLS verification failed (No name matching localhost found)"));
        assertEquals(0, argo.count("refresh") + argo.count("stream"));
    }

    @Test
    public void kubernetesApiWithItsCaCertificate() throws Exception {
        try (KubeSimulator kube = new KubeSimulator(serverCa)) {
            String path = kube.put("deployments", Fixtures.load("kubernetes/deployment-rolling.json"));
            kube.addController(new DeploymentControllerSim(path));
            kube.autopilot(Duration.ofMillis(20));
            RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, kube.url(), KubeSimulator.TOKEN,
                    serverCa.caPem(), "shop", "web");

            WaitOutcome.Done done = assertDone(waits.await(new WaitRequest(target, null, Instant.now().plusSeconds(10)),
                    null, WaitListener.NONE).get(15, TimeUnit.SECONDS));

            assertThat(done.detail(), containsString("successfully rolled out"));
        }
    }

    private ArgoCdTarget argoCd(String url, String caPem) {
        return new ArgoCdTarget(url, ArgoCdSimulator.TOKEN, "shop", "shop-web", false, caPem);
    }

    private WaitOutcome await(ArgoCdTarget target) throws Exception {
        ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, "main", "main", ours);
        return waits.await(new WaitRequest(target, commit, Instant.now().plusSeconds(10)),
                repo.ancestry(tmp.newFolder("clone.git")), WaitListener.NONE).get(15, TimeUnit.SECONDS);
    }
}
