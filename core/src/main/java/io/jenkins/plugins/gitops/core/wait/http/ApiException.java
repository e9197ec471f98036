package io.jenkins.plugins.gitops.core.wait.http;

/**
 * A refused or failed API call. {@link #isTransient()} tells whether retrying until the deadline makes sense
 * (5xx, 408, 429, connection problems), as opposed to refusals such as 401/403/404 that need a human.
 */
public final class ApiException extends RuntimeException {

    /**
     * The {@link #status()} of a TLS handshake that will fail again: a certificate the client does not accept (signed
     * by an untrusted CA, expired, or for another host), a fatal alert from the server, or no protocol in common. Any
     * other TLS error (a handshake cut short by a restarting server) counts as a connection problem and is retried.
     */
    public static final int TLS_FAILURE = -1;

    /** The {@link #status()} of a call that was never sent because the wait engine shut down; not worth retrying. */
    public static final int ENGINE_CLOSED = -2;

    private final int status;
    private final String serverMessage;

    public ApiException(int status, String serverMessage, Throwable cause) {
        super(status <= 0 ? serverMessage : "HTTP " + status + ": " + serverMessage, cause);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** HTTP status, 0 when no response arrived, {@link #TLS_FAILURE} or {@link #ENGINE_CLOSED}. */
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
        if (cause instanceof java.util.concurrent.RejectedExecutionException) {
            return new ApiException(ENGINE_CLOSED, "the wait engine has shut down", cause);
        }
        if (isTlsRefusal(cause)) {
            return new ApiException(TLS_FAILURE, message.replaceAll("\\S+Exception: ", ""), cause);
        }
        return new ApiException(0, cause.getClass().getSimpleName() + ": " + message, cause);
    }

    /**
     * As {@link #from(Throwable)}, with a connection-level failure named as {@code cannot reach HOST:PORT: CAUSE}
     * (refused, reset, timed out, unknown host, closed before an answer, TLS handshake cut short), so that the log
     * line and the diagnosis say which server could not be reached and why.
     *
     * @param endpoint {@code host:port}, and the proxy the connection went through, if any
     */
    public static ApiException from(Throwable error, String endpoint) {
        ApiException api = from(error);
        if (api.status != 0 || api.getCause() == null || api.serverMessage.startsWith("cannot reach ")) {
            return api;
        }
        return new ApiException(0, "cannot reach " + endpoint + ": " + connectionCause(api.getCause()), api.getCause());
    }

    /** Plain words for why a connection gave no answer. */
    static String connectionCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (cause instanceof java.net.http.HttpConnectTimeoutException || message.contains("connect timed out")) {
                return "connect timed out";
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return "no answer in time (" + cause.getMessage() + ")";
            }
            if (cause instanceof java.net.UnknownHostException || cause instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host (DNS lookup failed)";
            }
            if (cause instanceof java.net.ConnectException) {
                return cause.getMessage() == null || message.contains("refused") ? "connection refused"
                        : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
            }
            if (message.contains("connection reset")) {
                return "connection reset";
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS handshake failed (" + cause.getMessage() + ")";
            }
            if (cause instanceof java.io.EOFException || message.contains("received no bytes")
                    || message.contains("closed") || message.contains("eof")) {
                return "connection closed before an answer";
            }
        }
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " (" + root.getMessage() + ")");
    }

    /** Whether a {@link #TLS_FAILURE} is about the server's certificate (and a configured CA may help). */
    public boolean isCertificateRejected() {
        return status == TLS_FAILURE && hasCause(getCause(), java.security.cert.CertificateException.class);
    }

    private static boolean isTlsRefusal(Throwable error) {
        if (!hasCause(error, javax.net.ssl.SSLException.class)) {
            return false;
        }
        if (hasCause(error, java.security.cert.CertificateException.class)) {
            return true;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof javax.net.ssl.SSLHandshakeException && (message.startsWith("Received fatal alert: ")
                    || message.startsWith("No appropriate protocol"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
