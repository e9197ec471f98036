package io.jenkins.plugins.gitops.core.wait;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps one {@link SharedFeed} per watched object (server + target) for as long as some wait needs it. A feed that
 * gave up after a refusal is replaced for the next wait that subscribes, which then asks the server again.
 */
public final class FeedRegistry {

    private final Map<String, SharedFeed> feeds = new HashMap<>();

    /** Subscribes to the feed for {@code key}, creating it if needed; closing the handle unsubscribes. */
    public Subscription subscribe(String key, Supplier<? extends SharedFeed> factory, Consumer<FeedEvent> subscriber) {
        SharedFeed feed;
        synchronized (this) {
            feed = feeds.compute(key, (k, running) -> running == null || running.hasGivenUp() ? factory.get() : running);
        }
        feed.add(subscriber);
        return new Subscription(key, feed, subscriber);
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

        @Override
        public void close() {
            synchronized (FeedRegistry.this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (feed.remove(subscriber)) {
                    feeds.remove(key, feed);
                }
            }
        }
    }
}
