package io.jenkins.plugins.gitops.core.pr;

/** A git host refused or could not answer a pull-request call; the message names the host and says why, in one line. */
public final class PullRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PullRequestException(String message) {
        super(message);
    }

    public PullRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
