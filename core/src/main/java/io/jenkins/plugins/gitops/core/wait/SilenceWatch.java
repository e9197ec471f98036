package io.jenkins.plugins.gitops.core.wait;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a watched object fresh while its stream delivers nothing: a stream may be open and silent (a proxy that holds
 * it), stalled mid-way, or cut again and again before its first whole event, and none of that may hide a change for
 * longer than the current interval. When nothing was heard for {@code streamSilence} (5 s by default),
 * {@link Ask} asks with a GET; the interval doubles (up to the longest poll interval) while the answers show no
 * change, and anything heard from the stream, or a change, starts it over. Reconnecting does not start it over: only
 * something heard does. While the feed polls instead of streaming ({@link #pause()}), nothing is asked.
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
    private long generation;
    private boolean paused;
    private boolean closed;

    public SilenceWatch(WaitRuntime runtime, Ask ask) {
        this.runtime = runtime;
        this.ask = ask;
        this.interval = runtime.settings().streamSilence();
    }

    /** A stream was opened: starts the clock unless it is already running from an earlier, silent stream. */
    public synchronized void streamOpened() {
        paused = false;
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
        interval = changed ? runtime.settings().streamSilence() : runtime.longerPoll(interval);
        rearm();
    }

    /** No stream for now (the feed polls instead). */
    public synchronized void pause() {
        paused = true;
        cancel();
    }

    @Override
    public synchronized void close() {
        closed = true;
        cancel();
    }

    private void cancel() {
        generation++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void rearm() {
        cancel();
        arm();
    }

    /** Arms the timer, unless paused or closed; a timer that fires after a newer one was armed does nothing. */
    private void arm() {
        if (!closed && !paused) {
            long armed = ++generation;
            timer = runtime.scheduler().schedule(() -> silent(armed), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void silent(long armed) {
        synchronized (this) {
            if (closed || paused || armed != generation) {
                return;
            }
            timer = null;
        }
        ask.ask();
    }
}
