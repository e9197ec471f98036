package io.jenkins.plugins.gitops.core.wait.http;

/**
 * A refused or failed API call. {@link #isTransient()} tells whether retrying until the deadline makes sense
 * (5xx, 408, 429, connection problems), as opposed to refusals such as 401/403/404 that need a human.
 */
public final class ApiException extends RuntimeException {

    /**
     * The {@link #status()} of a certificate the client does not accept: signed by an untrusted CA, expired, or for
     * another host. Other TLS problems (a handshake cut short) count as connection problems and are retried.
     */
    public static final int TLS_FAILURE = -1;

    private final int status;
    private final String serverMessage;

    public ApiException(int status, String serverMessage, Throwable cause) {
        super(status <= 0 ? serverMessage : "HTTP " + status + ": " + serverMessage, cause);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** HTTP status, 0 when no response arrived, or {@link #TLS_FAILURE}. */
    public int status() {
        return status;
    }

    /** The message the server gave (Argo CD {@code message}, Kubernetes Status {@code message}), or the I/O error. */
    public String serverMessage() {
        return serverMessage;
    }

    public boolean isTransient() {
        return status == 0 || status == 408 || status == 429 || (status >= 500 && status != 501);
    }

    /** The {@link ApiException} behind a failed future, or one describing a connection-level problem. */
    public static ApiException from(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (isCertificateRejected(cause)) {
            return new ApiException(TLS_FAILURE, message.replaceAll("\\S+Exception: ", ""), cause);
        }
        return new ApiException(0, cause.getClass().getSimpleName() + ": " + message, cause);
    }

    private static boolean isCertificateRejected(Throwable error) {
        boolean tls = false;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            tls |= cause instanceof javax.net.ssl.SSLException;
            if (tls && cause instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }
}
