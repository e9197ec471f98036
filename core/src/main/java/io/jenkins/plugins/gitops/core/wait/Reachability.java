package io.jenkins.plugins.gitops.core.wait;

import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Whether a wait's server ever answered, and the connection trouble seen (its cause, when it was first and last seen,
 * how often): a server that never answered is most likely a wrong URL or a firewall, and the wait gives up after a
 * grace period naming the cause; one that answered and then went away is retried until the deadline, and the
 * diagnosis says what happened and for how long. Any HTTP answer counts as reached, an error status too.
 */
final class Reachability {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private boolean reached;
    private String cause;
    private Instant first;
    private Instant last;
    private int count;

    synchronized void answered() {
        reached = true;
    }

    /** Records a connection-level failure; other failures are answers. */
    synchronized void failed(ApiException error, Instant now) {
        if (error.status() != 0) {
            reached = true;
            return;
        }
        if (first == null) {
            first = now;
        }
        last = now;
        cause = error.serverMessage();
        count++;
    }

    synchronized boolean everReached() {
        return reached;
    }

    /** Why the wait gives up on a server that never answered within {@code grace}. */
    synchronized String neverReached(String target, Duration grace) {
        String why = cause != null ? cause : "no answer";
        return target + ": the server never answered in " + StateLog.human(grace) + " (" + why
                + (count > 0 ? "; " + times() : "") + "); check the URL, the network and the proxy";
    }

    /**
     * A line for the timeout diagnosis; empty when no connection trouble was seen.
     *
     * @param serverAnswered whether the server answered another wait's requests
     */
    synchronized String summary(boolean serverAnswered) {
        if (cause == null) {
            return "";
        }
        return "Connection trouble: " + cause + "; " + times()
                + (reached || serverAnswered ? ", after the server had answered" : ", and the server never answered")
                + ".\n";
    }

    private String times() {
        return count == 1 ? "seen once at " + TIME.format(first)
                : "seen " + count + " times from " + TIME.format(first) + " to " + TIME.format(last) + " ("
                        + StateLog.human(Duration.between(first, last)) + ")";
    }
}
