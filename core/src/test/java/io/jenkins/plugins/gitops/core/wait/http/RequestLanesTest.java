package io.jenkins.plugins.gitops.core.wait.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

public class RequestLanesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final RequestLanes lanes = new RequestLanes(pool, 2);

    @After
    public void tearDown() {
        pool.shutdownNow();
    }

    @Test
    public void oneServerRunsAtMostItsLaneWhileOthersGoOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch twoStarted = new CountDownLatch(2);
        List<CompletableFuture<Integer>> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slow.add(lanes.submit(RequestLanes.serverOf(URI.create("https://slow.example:6443/api/v1/a" + i)), queued -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                twoStarted.countDown();
                release.await(10, TimeUnit.SECONDS);
                return running.decrementAndGet();
            }));
        }
        assertTrue(twoStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<String> fast = lanes.submit(
                RequestLanes.serverOf(URI.create("https://argocd.example/api/v1/applications/x")), queued -> "answered");

        assertEquals("another server's request runs while the slow one holds its lane", "answered",
                fast.get(10, TimeUnit.SECONDS));
        release.countDown();
        CompletableFuture.allOf(slow.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        assertEquals("at most two at a time for one server", 2, most.get());
    }

    @Test
    public void aLaneOfOneLeavesTheOtherThreadsToTheServers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch fetching = new CountDownLatch(1);
        CompletableFuture<String> slowFetch = lanes.submit("git", 1, queued -> {
            fetching.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "fetched";
        });
        CompletableFuture<String> nextFetch = lanes.submit("git", 1, queued -> "fetched too");
        assertTrue(fetching.await(10, TimeUnit.SECONDS));
        CountDownLatch bothRunning = new CountDownLatch(2);
        List<CompletableFuture<String>> requests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            requests.add(lanes.submit("https://argocd.example", queued -> {
                bothRunning.countDown();
                return bothRunning.await(10, TimeUnit.SECONDS) ? "answered" : "alone";
            }));
        }

        for (CompletableFuture<String> request : requests) {
            assertEquals("two requests run side by side while the fetch runs", "answered", request.get(10, TimeUnit.SECONDS));
        }
        assertFalse("git runs one job at a time", nextFetch.isDone());
        release.countDown();
        assertEquals("fetched", slowFetch.get(10, TimeUnit.SECONDS));
        assertEquals("fetched too", nextFetch.get(10, TimeUnit.SECONDS));
    }

    @Test
    public void queuedJobsRunInOrderAndAFailureFreesTheSlot() throws Exception {
        RequestLanes single = new RequestLanes(pool, 1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            results.add(single.submit("http://127.0.0.1:8080", queued -> {
                order.add(n);
                if (n == 1) {
                    throw new IllegalStateException("a request that fails");
                }
                return n;
            }));
        }
        assertEquals(3, (int) results.get(3).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 2, 3), order);
        try {
            results.get(1).get();
            fail("the failing job's future fails");
        } catch (ExecutionException e) {
            assertEquals("a request that fails", e.getCause().getMessage());
        }
    }

    @Test
    public void aJobLearnsHowLongItQueued() throws Exception {
        RequestLanes single = new RequestLanes(pool, 1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Duration> first = single.submit("git", queued -> {
            release.await(10, TimeUnit.SECONDS);
            return queued;
        });
        CompletableFuture<Duration> second = single.submit("git", queued -> queued);
        long submitted = System.nanoTime();
        assertFalse("the second job waits for the first", second.isDone());
        long released = System.nanoTime();
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertTrue("queued from before " + submitted + " until after " + released + ": " + second.get(),
                second.get(10, TimeUnit.SECONDS).toNanos() >= released - submitted);
    }

    @Test
    public void closingFailsQueuedAndLaterJobsInsteadOfLeavingThemHanging() throws Exception {
        RequestLanes single = new RequestLanes(pool, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> running = single.submit("server", queued -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "late";
        });
        CompletableFuture<String> queued = single.submit("server", q -> "never");
        assertTrue(started.await(10, TimeUnit.SECONDS));

        single.close();

        assertRejected(queued);
        assertRejected(running);
        assertRejected(single.submit("other", q -> "never"));
        release.countDown();
    }

    @Test
    public void aPoolThatRefusesWorkFailsTheJobs() throws Exception {
        ExecutorService stopped = Executors.newSingleThreadExecutor();
        stopped.shutdown();
        RequestLanes refused = new RequestLanes(stopped, 1);

        assertRejected(refused.submit("server", q -> "never"));
        assertRejected(refused.submit("server", q -> "never either"));
    }

    @Test
    public void theLaneIsPerSchemeHostAndPort() {
        assertEquals(RequestLanes.serverOf(URI.create("https://a.example/x")),
                RequestLanes.serverOf(URI.create("https://a.example/y?q=1")));
        assertFalse(RequestLanes.serverOf(URI.create("https://a.example/x"))
                .equals(RequestLanes.serverOf(URI.create("https://a.example:8443/x"))));
        assertFalse(RequestLanes.serverOf(URI.create("https://a.example/x"))
                .equals(RequestLanes.serverOf(URI.create("http://a.example/x"))));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aLaneNeedsAThread() {
        new RequestLanes(pool, 0);
    }

    private static void assertRejected(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
            fail("expected the job to fail");
        } catch (ExecutionException e) {
            assertTrue(e.getCause().toString(), e.getCause() instanceof RejectedExecutionException);
        }
    }
}
