package io.jenkins.plugins.gitops.core.concurrent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.JGitAncestry;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.core.wait.WaitSettings;
import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * In Jenkins a step starts the engine from the thread that runs the Pipeline program, whose context class loader is
 * the script's (workflow-cps runs the program with the script's loader as the thread's context class loader). Every
 * thread the engine creates then, lazily, would inherit that loader and keep the script's classes alive for the
 * controller's life. Here a thread with a loader of its own stands for that thread.
 */
public class OwnThreadsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void threadsTheWaitEngineStartsFromAScriptThreadDoNotHoldTheScriptsLoader() throws Exception {
        try (ConfigRepo repo = new ConfigRepo(tmp.newFolder("upstream.git"));
                ArgoCdSimulator sim = new ArgoCdSimulator(repo);
                URLClassLoader script = new URLClassLoader("script", new URL[0], getClass().getClassLoader())) {
            repo.commit("previous");
            sim.addApp("shop-web", app -> { });
            String ours = repo.commit("ours");
            sim.autopilot(Duration.ofMillis(20));
            JGitAncestry ancestry = repo.ancestry(tmp.newFolder("clone.git"));

            FutureTask<Waits> started = new FutureTask<>(() -> {
                Waits waits = Waits.create(new WaitSettings(Duration.ofMillis(20), Duration.ofMillis(100),
                        Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200)));
                CompletableFuture<WaitOutcome> outcome = waits.await(new WaitRequest(
                        new ArgoCdTarget(sim.url(), ArgoCdSimulator.TOKEN, "shop", "shop-web", false, null),
                        new ConfigCommit(ConfigRepo.URL, "main", "main", ours), Instant.now().plusSeconds(10)),
                        ancestry, line -> { });
                assertTrue(outcome.get(15, TimeUnit.SECONDS) instanceof WaitOutcome.Done);
                return waits;
            });
            Thread programThread = new Thread(started, "program thread");
            programThread.setContextClassLoader(script);
            programThread.start();
            try (Waits waits = started.get(20, TimeUnit.SECONDS)) {
                List<String> holders = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t != programThread && t.getContextClassLoader() == script)
                        .map(Thread::getName)
                        .collect(Collectors.toList());
                assertEquals("threads that keep the script's class loader", List.of(), holders);
            }
        }
    }

    @Test
    public void daemonsCarryThisCodesLoaderWhoeverCreatesThem() throws Exception {
        ClassLoader other = new URLClassLoader(new URL[0], null);
        Thread creator = Thread.currentThread();
        ClassLoader before = creator.getContextClassLoader();
        creator.setContextClassLoader(other);
        try {
            Thread t = OwnThreads.daemons("x-").newThread(() -> { });
            assertTrue(t.isDaemon());
            assertEquals("x-1", t.getName());
            assertEquals(OwnThreads.class.getClassLoader(), t.getContextClassLoader());
            assertEquals("while creating", OwnThreads.class.getClassLoader(),
                    OwnThreads.create(creator::getContextClassLoader));
            assertEquals("restored after creating", other, creator.getContextClassLoader());
        } finally {
            creator.setContextClassLoader(before);
        }
    }
}
