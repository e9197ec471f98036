package io.jenkins.plugins.gitops.core.pr;

/** A git host refused or could not answer a pull-request call; the message names the host and says why, in one line. */
public final class PullRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient java.time.Duration retryAfter;

    public PullRequestException(String message) {
        super(message);
        this.retryAfter = null;
    }

    /** A refusal that ends: a rate limit, to be asked again after {@code retryAfter}. */
    public PullRequestException(String message, java.time.Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** How long until the host is to be asked again (a rate limit, a failure that passes); null for a refusal. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    /** A failure that may pass (a timeout, a server error), to be asked again after {@code retryAfter}. */
    public PullRequestException(String message, java.time.Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public PullRequestException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }
}
