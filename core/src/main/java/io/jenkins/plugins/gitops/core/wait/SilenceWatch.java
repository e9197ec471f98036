package io.jenkins.plugins.gitops.core.wait;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a watched object fresh while its stream delivers nothing: a stream may be open and silent (a proxy that holds
 * it), stalled mid-way, or cut again and again before its first whole event, and none of that must hide a change for
 * longer than the poll interval. When nothing was heard for {@code streamSilence} (by default the first poll
 * interval), {@link Ask} asks with a GET; the interval doubles (up to the longest poll interval) while the answers show no change, and anything heard from the stream, or a
 * change, starts it over. Reconnecting does not start it over: only something heard does.
 */
public final class SilenceWatch implements AutoCloseable {

    /** A GET of the watched object; it reports back with {@link #answered(boolean)}. */
    @FunctionalInterface
    public interface Ask {
        void ask();
    }

    private final WaitRuntime runtime;
    private final Ask ask;
    private Duration interval;
    private ScheduledFuture<?> timer;
    private boolean closed;

    public SilenceWatch(WaitRuntime runtime, Ask ask) {
        this.runtime = runtime;
        this.ask = ask;
        this.interval = runtime.settings().streamSilence();
    }

    /** A stream was opened: starts the clock unless it is already running from an earlier, silent stream. */
    public synchronized void streamOpened() {
        if (timer == null || timer.isDone()) {
            arm();
        }
    }

    /** The stream delivered something: the object is fresh. */
    public synchronized void heard() {
        interval = runtime.settings().streamSilence();
        rearm();
    }

    /** A GET answered; {@code changed} when it showed something the stream had not. */
    public synchronized void answered(boolean changed) {
        Duration initial = runtime.settings().streamSilence();
        Duration longest = runtime.settings().pollMax();
        interval = changed ? initial : (interval.multipliedBy(2).compareTo(longest) > 0 ? longest : interval.multipliedBy(2));
        rearm();
    }

    /** No stream for now (the feed polls instead). */
    public synchronized void pause() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        pause();
    }

    private void rearm() {
        if (timer != null) {
            timer.cancel(false);
        }
        arm();
    }

    private void arm() {
        if (!closed) {
            timer = runtime.scheduler().schedule(this::silent, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void silent() {
        synchronized (this) {
            if (closed) {
                return;
            }
            timer = null;
        }
        ask.ask();
    }
}
