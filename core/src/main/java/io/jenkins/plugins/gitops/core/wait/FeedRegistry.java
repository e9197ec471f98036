package io.jenkins.plugins.gitops.core.wait;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps one {@link SharedFeed} per watched object (server + target) for as long as some wait needs it. A feed that
 * gave up after a refusal, or that its last subscriber just left, is replaced for the next wait that subscribes, which
 * then asks the server again. The registry's lock is never held while calling into a feed, and a feed hands out
 * snapshots outside its own lock, so that a wait that subscribes while judging and a wait that ends do not deadlock.
 */
public final class FeedRegistry {

    private final Map<String, SharedFeed> feeds = new HashMap<>();

    /** Subscribes to the feed for {@code key}, creating it if needed; closing the handle unsubscribes. */
    public Subscription subscribe(String key, Supplier<? extends SharedFeed> factory, Consumer<FeedEvent> subscriber) {
        while (true) {
            SharedFeed feed;
            synchronized (this) {
                feed = feeds.compute(key, (k, running) -> running == null || running.hasEnded() ? factory.get() : running);
            }
            if (feed.add(subscriber)) {
                return new Subscription(key, feed, subscriber);
            }
        }
    }

    public synchronized int activeFeeds() {
        return feeds.size();
    }

    /** A subscription to a shared feed. */
    public final class Subscription implements AutoCloseable {
        private final String key;
        private final SharedFeed feed;
        private final Consumer<FeedEvent> subscriber;
        private boolean closed;

        private Subscription(String key, SharedFeed feed, Consumer<FeedEvent> subscriber) {
            this.key = key;
            this.feed = feed;
            this.subscriber = subscriber;
        }

        public SharedFeed feed() {
            return feed;
        }

        /** Unsubscribes; the last subscriber to leave stops the feed. Takes no two locks at once. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            if (feed.remove(subscriber)) {
                synchronized (FeedRegistry.this) {
                    feeds.remove(key, feed);
                }
            }
        }
    }
}
