package io.jenkins.plugins.gitops.core.wait.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
        CountDownLatch slowDone = new CountDownLatch(5);
        CountDownLatch twoStarted = new CountDownLatch(2);
        for (int i = 0; i < 5; i++) {
            lanes.forServer(URI.create("https://slow.example:6443/api/v1/a" + i)).execute(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                twoStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                slowDone.countDown();
            });
        }
        assertTrue(twoStarted.await(10, TimeUnit.SECONDS));
        CountDownLatch fast = new CountDownLatch(1);
        lanes.forServer(URI.create("https://argocd.example/api/v1/applications/x")).execute(fast::countDown);

        assertTrue("another server's request runs while the slow one holds its lane", fast.await(10, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(slowDone.await(10, TimeUnit.SECONDS));
        assertEquals("at most two at a time for one server", 2, most.get());
    }

    @Test
    public void queuedRequestsRunInOrderAndAFailureFreesTheSlot() throws Exception {
        RequestLanes single = new RequestLanes(pool, 1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            int n = i;
            single.forServer(URI.create("http://127.0.0.1:8080/x")).execute(() -> {
                order.add(n);
                done.countDown();
                if (n == 1) {
                    throw new IllegalStateException("a request that fails");
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1, 2, 3), order);
    }

    @Test
    public void theLaneIsPerSchemeHostAndPort() {
        assertSame(lanes.forServer(URI.create("https://a.example/x")), lanes.forServer(URI.create("https://a.example/y?q=1")));
        assertTrue(lanes.forServer(URI.create("https://a.example/x")) != lanes.forServer(URI.create("https://a.example:8443/x")));
        assertTrue(lanes.forServer(URI.create("https://a.example/x")) != lanes.forServer(URI.create("http://a.example/x")));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aLaneNeedsAThread() {
        new RequestLanes(pool, 0);
    }
}
