package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

public class FeedRegistryTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final WaitRuntime runtime = new WaitRuntime(scheduler, null, () -> TestSettings.FAST,
            () -> HttpProxy.NONE, Clock.systemUTC());
    private final FeedRegistry registry = new FeedRegistry();
    private final AtomicInteger started = new AtomicInteger();

    @After
    public void tearDown() {
        scheduler.shutdownNow();
    }

    /** A feed whose server refuses on the first start (a missing object) and answers afterwards. */
    private class RefusedOnce extends SharedFeed {
        RefusedOnce(WaitRuntime runtime) {
            super(runtime);
        }

        @Override
        protected void start() {
            if (started.incrementAndGet() == 1) {
                failed(new ApiException(404, "gitrepositories \"shop-config\" not found", null));
            }
        }

        @Override
        protected void stop() {
        }
    }

    @Test
    public void aFeedThatGaveUpIsReplacedForTheNextSubscriber() {
        List<FeedEvent> first = new ArrayList<>();
        FeedRegistry.Subscription refused = registry.subscribe("source", () -> new RefusedOnce(runtime), first::add);
        assertTrue(first.get(0) instanceof FeedEvent.Refused);

        FeedRegistry.Subscription later = registry.subscribe("source", () -> new RefusedOnce(runtime), event -> { });

        assertNotSame("the server is asked again", refused.feed(), later.feed());
        assertEquals(2, started.get());
        refused.close();
        assertEquals("closing the old subscription leaves the new feed registered", 1, registry.activeFeeds());
        later.close();
        assertEquals(0, registry.activeFeeds());
    }

    /** Lock order: a wait that receives a snapshot may subscribe to another feed, while another wait closes its own. */
    @Test
    public void snapshotsAreHandedOutAndFeedsStoppedWithoutHoldingTheOtherLocks() {
        started.set(1);
        List<String> heldLocks = new ArrayList<>();
        class Recorded extends RefusedOnce {
            Recorded(WaitRuntime runtime) {
                super(runtime);
            }

            @Override
            protected void stop() {
                if (Thread.holdsLock(registry)) {
                    heldLocks.add("registry while stopping a feed");
                }
            }
        }
        FeedRegistry.Subscription first = registry.subscribe("app", () -> new Recorded(runtime), event -> { });
        first.feed().offer(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        FeedRegistry.Subscription second = registry.subscribe("app", () -> new Recorded(runtime), event -> {
            if (Thread.holdsLock(first.feed())) {
                heldLocks.add("the feed while handing out its last snapshot");
            }
            if (Thread.holdsLock(registry)) {
                heldLocks.add("registry while handing out a snapshot");
            }
        });

        first.close();
        second.close();

        assertEquals(List.of(), heldLocks);
        assertTrue(first.feed().hasEnded());
    }

    @Test
    public void aFeedStoppedButNotYetUnregisteredIsReplacedForTheNextSubscriber() {
        started.set(1);
        java.util.function.Consumer<FeedEvent> leaving = event -> { };
        FeedRegistry.Subscription only = registry.subscribe("app", () -> new RefusedOnce(runtime), leaving);
        assertTrue("the last subscriber left", only.feed().remove(leaving));
        assertEquals("still registered, as between a close's two steps", 1, registry.activeFeeds());

        FeedRegistry.Subscription next = registry.subscribe("app", () -> new RefusedOnce(runtime), event -> { });

        assertNotSame(only.feed(), next.feed());
        assertTrue(next.feed().add(event -> { }));
        assertFalse("a stopped feed takes no subscriber", only.feed().add(event -> { }));
    }

    @Test
    public void aFeedThatGaveUpTakesNoNewSubscriber() {
        FeedRegistry.Subscription refused = registry.subscribe("source", () -> new RefusedOnce(runtime), event -> { });

        assertFalse(refused.feed().add(event -> { }));
    }

    @Test
    public void aRunningFeedIsSharedAndClosingTwiceUnsubscribesOnce() {
        started.set(1);
        FeedRegistry.Subscription a = registry.subscribe("app", () -> new RefusedOnce(runtime), event -> { });
        FeedRegistry.Subscription b = registry.subscribe("app", () -> new RefusedOnce(runtime), event -> { });
        assertSame(a.feed(), b.feed());

        a.close();
        a.close();

        assertEquals("b still needs the feed", 1, registry.activeFeeds());
        b.close();
        assertEquals(0, registry.activeFeeds());
    }
}
