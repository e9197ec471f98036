package io.jenkins.plugins.gitops.core.wait;

import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import io.jenkins.plugins.gitops.core.testing.TestTls;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Waits reach Argo CD through the configured proxy: forwarded for {@code http}, tunnelled with {@code CONNECT} for
 * {@code https}, with the bearer token still reaching the server when the proxy wants a password, and the proxy of the
 * moment used by each new wait.
 */
public class ProxyWaitTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final AtomicReference<HttpProxy> proxySetting = new AtomicReference<>(HttpProxy.NONE);
    private ConfigRepo repo;
    private Waits waits;
    private String ours;

    @Before
    public void setUp() throws Exception {
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        repo.commit("previous");
        ours = repo.commit("ours");
        waits = Waits.create(TestSettings.FAST, proxySetting::get);
    }

    @After
    public void tearDown() {
        waits.close();
        repo.close();
    }

    private ArgoCdSimulator argo(TestTls tls) throws Exception {
        ArgoCdSimulator argo = tls == null ? new ArgoCdSimulator(repo) : new ArgoCdSimulator(repo, ArgoCdSimulator.TOKEN, tls);
        argo.addApp("shop-web", app -> { });
        argo.autopilot(Duration.ofMillis(20));
        return argo;
    }

    private WaitOutcome await(ArgoCdSimulator argo, String caPem) throws Exception {
        ArgoCdTarget target = new ArgoCdTarget(argo.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", false, caPem);
        ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, "main", "main", ours);
        return waits.await(new WaitRequest(target, commit, Instant.now().plusSeconds(10)),
                repo.ancestry(tmp.newFolder()), WaitListener.NONE).get(15, TimeUnit.SECONDS);
    }

    @Test
    public void httpIsForwardedByAProxyThatWantsAPasswordAndTheTokenStillReachesArgoCd() throws Exception {
        try (ArgoCdSimulator argo = argo(null); HttpProxyServer proxy = HttpProxyServer.withUser("jenkins", "pw-1")) {
            proxySetting.set(new HttpProxy(proxy.host(), proxy.port(), "jenkins", "pw-1", null));

            assertEquals(ours, assertDone(await(argo, null)).appliedRevision());

            List<String> seen = proxy.requests();
            assertTrue(seen.toString(), seen.stream().anyMatch(r -> r.startsWith("GET " + argo.url() + "/api/v1/")));
        }
    }

    @Test
    public void httpsIsTunnelledWithConnect() throws Exception {
        TestTls tls = TestTls.create("proxy test CA");
        try (ArgoCdSimulator argo = argo(tls); HttpProxyServer proxy = HttpProxyServer.open()) {
            proxySetting.set(new HttpProxy(proxy.host(), proxy.port(), null, null, null));

            assertEquals(ours, assertDone(await(argo, tls.caPem())).appliedRevision());

            String hostPort = argo.url().replace("https://", "");
            assertTrue(proxy.requests().toString(), proxy.requests().contains("CONNECT " + hostPort));
        }
    }

    @Test
    public void aNoProxyHostGoesDirectAndAChangedSettingIsUsedByTheNextWait() throws Exception {
        try (ArgoCdSimulator argo = argo(null); HttpProxyServer proxy = HttpProxyServer.open()) {
            proxySetting.set(new HttpProxy(proxy.host(), proxy.port(), null, null, "127.0.0.1"));
            assertDone(await(argo, null));
            assertEquals(List.of(), proxy.requests());

            proxySetting.set(new HttpProxy(proxy.host(), proxy.port(), null, null, null));
            assertDone(await(argo, null));
            assertFalse(proxy.requests().isEmpty());
        }
    }
}
