package io.jenkins.plugins.gitops.core.wait;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.ClosedPort;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A server that never answered fails the wait after the grace period, naming the host, the port and the cause; one
 * that answered and then went away is retried until the deadline, and the diagnosis says what was seen and when. For
 * Argo CD, Flux and rollout waits.
 */
public class ServerTroubleTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Duration GRACE = Duration.ofMillis(600);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Waits waits;
    private ConfigRepo repo;

    @Before
    public void setUp() throws Exception {
        waits = Waits.create(TestSettings.FAST.withNeverReachedGrace(GRACE));
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        repo.commit("previous");
    }

    @After
    public void tearDown() throws Exception {
        waits.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
        repo.close();
    }

    private WaitOutcome await(WaitTarget target, ConfigCommit commit, Duration within) throws Exception {
        return waits.await(new WaitRequest(target, commit, Instant.now().plus(within)),
                commit == null ? null : repo.ancestry(tmp.newFolder()), WaitListener.NONE).get(30, TimeUnit.SECONDS);
    }

    private static void assertNeverReached(WaitOutcome outcome, String cause) {
        assertThat(String.valueOf(outcome), outcome, instanceOf(WaitOutcome.Failed.class));
        String reason = ((WaitOutcome.Failed) outcome).reason();
        assertThat(reason, containsString("the server never answered in 600ms"));
        assertThat(reason, containsString(cause));
    }

    @Test
    public void argoCdDownTheWholeTimeFailsAfterTheGraceNamingHostPortAndCause() throws Exception {
        int port = ClosedPort.get();
        ArgoCdTarget target = new ArgoCdTarget("http://127.0.0.1:" + port, "t", "shop", "web", false, null);
        Instant started = Instant.now();

        WaitOutcome outcome = await(target, new ConfigCommit(ConfigRepo.URL, "main", "main", repo.commit("ours")),
                Duration.ofSeconds(20));

        assertNeverReached(outcome, "cannot reach 127.0.0.1:" + port + ": connection refused; seen ");
        assertTrue("failed long before the deadline", Duration.between(started, Instant.now()).toSeconds() < 10);
    }

    @Test
    public void fluxAndRolloutWaitsOnAClosedPortFailTheSameWay() throws Exception {
        int port = ClosedPort.get();
        String api = "http://127.0.0.1:" + port;

        assertNeverReached(await(new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, api, "t", null, "flux-system", "shop"),
                new ConfigCommit(ConfigRepo.URL, "main", "main", repo.commit("ours")), Duration.ofSeconds(20)),
                "cannot reach 127.0.0.1:" + port + ": connection refused");
        assertNeverReached(await(new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, api, "t", null, "shop", "web"),
                null, Duration.ofSeconds(20)), "cannot reach 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    public void aBlackHoleThatAcceptsAndNeverAnswersFailsAfterTheGrace() throws Exception {
        ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(hole);
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(hole.accept());
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        ArgoCdTarget target = new ArgoCdTarget("http://127.0.0.1:" + hole.getLocalPort(), "t", "shop", "web", false, null);

        assertNeverReached(await(target, new ConfigCommit(ConfigRepo.URL, "main", "main", repo.commit("ours")),
                Duration.ofSeconds(20)), "no answer");
    }

    @Test
    public void aServerThatAnsweredThenWentAwayIsRetriedToTheDeadlineAndTheDiagnosisSaysSo() throws Exception {
        ArgoCdSimulator argo = new ArgoCdSimulator(repo);
        argo.addApp("shop-web", app -> app.auto = false);
        String ours = repo.commit("ours");
        ArgoCdTarget target = new ArgoCdTarget(argo.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", false, null);
        int port = argo.port();
        var waiting = waits.await(new WaitRequest(target, new ConfigCommit(ConfigRepo.URL, "main", "main", ours),
                Instant.now().plusSeconds(3)), repo.ancestry(tmp.newFolder()), WaitListener.NONE);
        Instant answered = Instant.now().plusSeconds(5);
        while (argo.count("stream") == 0 && Instant.now().isBefore(answered)) {
            Thread.onSpinWait();
        }
        argo.close();

        WaitOutcome outcome = waiting.get(30, TimeUnit.SECONDS);

        assertThat(String.valueOf(outcome), outcome, instanceOf(WaitOutcome.TimedOut.class));
        String diagnosis = ((WaitOutcome.TimedOut) outcome).diagnosis();
        assertThat(diagnosis, containsString("Connection trouble: cannot reach 127.0.0.1:" + port));
        assertThat(diagnosis, containsString(", after the server had answered."));
    }

    @Test
    public void aServerThatAnsweredAnyWaitIsNotUnreachableForTheOthers() throws Exception {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        try (ArgoCdSimulator argo = new ArgoCdSimulator(repo)) {
            WaitRuntime runtime = new WaitRuntime(scheduler, null, () -> TestSettings.FAST,
                    () -> HttpProxy.NONE, Clock.systemUTC());
            assertFalse(runtime.hasAnswered(argo.url()));

            try {
                runtime.http(null, "not-the-token").getHeldOpen(URI.create(argo.url() + "/api/v1/applications"))
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException refused) {
                // a 401 is an answer too
            }

            assertTrue("any HTTP answer counts", runtime.hasAnswered(argo.url() + "/"));
            assertFalse("another server has not answered", runtime.hasAnswered("http://127.0.0.1:" + ClosedPort.get()));
        } finally {
            scheduler.shutdownNow();
        }
    }
}
