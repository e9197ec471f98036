package io.jenkins.plugins.gitops.core.wait;

import java.time.Duration;

/**
 * Timing knobs. The defaults suit real servers; tests shrink them.
 *
 * @param pollInitial first polling interval when a server has no watch; doubles while nothing changes
 * @param pollMax longest polling interval
 * @param retryInitial first delay after a transient error; doubles per failure
 * @param retryMax longest delay after transient errors
 * @param requestTimeout timeout of a single request (Argo CD's refresh GET blocks until the refresh is done)
 * @param recheckInterval how often to ask again for a refresh while the reconciler still shows an older commit
 * @param neverReachedGrace how long a server that has not answered at all may take before the wait fails naming why
 * @param streamSilence how long a stream or watch may deliver nothing before the object is asked for with a GET;
 *                      doubles up to {@code pollMax} while the answers show no change
 */
public record WaitSettings(Duration pollInitial, Duration pollMax, Duration retryInitial, Duration retryMax,
        Duration requestTimeout, Duration recheckInterval, Duration neverReachedGrace, Duration streamSilence) {

    public static final Duration DEFAULT_NEVER_REACHED_GRACE = Duration.ofSeconds(60);

    public WaitSettings {
        neverReachedGrace = positiveOr(neverReachedGrace, DEFAULT_NEVER_REACHED_GRACE);
        streamSilence = positiveOr(streamSilence, pollInitial);
    }

    private static Duration positiveOr(Duration given, Duration fallback) {
        return given == null || given.isZero() || given.isNegative() ? fallback : given;
    }

    public WaitSettings(Duration pollInitial, Duration pollMax, Duration retryInitial, Duration retryMax,
            Duration requestTimeout, Duration recheckInterval) {
        this(pollInitial, pollMax, retryInitial, retryMax, requestTimeout, recheckInterval, DEFAULT_NEVER_REACHED_GRACE,
                pollInitial);
    }

    /** How long a stream may be silent by default: the global configuration's default poll interval. */
    public static final Duration DEFAULT_STREAM_SILENCE = Duration.ofSeconds(5);

    public static WaitSettings defaults() {
        return new WaitSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(90), Duration.ofSeconds(60))
                .withStreamSilence(DEFAULT_STREAM_SILENCE);
    }

    /**
     * The longest a wait goes without news while the state is not final, as an administrator sets it: a stream or
     * watch silent this long is answered by a GET, and polling starts at this interval or sooner.
     */
    public WaitSettings withPollInterval(Duration interval) {
        Duration poll = pollInitial.compareTo(interval) <= 0 ? pollInitial : interval;
        return new WaitSettings(poll, pollMax.compareTo(interval) >= 0 ? pollMax : interval, retryInitial, retryMax,
                requestTimeout, recheckInterval, neverReachedGrace, interval);
    }

    public WaitSettings withNeverReachedGrace(Duration grace) {
        return new WaitSettings(pollInitial, pollMax, retryInitial, retryMax, requestTimeout, recheckInterval, grace,
                streamSilence);
    }

    public WaitSettings withStreamSilence(Duration silence) {
        return new WaitSettings(pollInitial, pollMax, retryInitial, retryMax, requestTimeout, recheckInterval,
                neverReachedGrace, silence);
    }
}
