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

    /** How long until the host answers again, for a rate limit; null for a refusal that does not pass. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public PullRequestException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }
}
