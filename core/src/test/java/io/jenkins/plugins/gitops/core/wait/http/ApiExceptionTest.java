package io.jenkins.plugins.gitops.core.wait.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.Test;

public class ApiExceptionTest {

    @Test
    public void aRejectedCertificateIsATlsFailureThatNeedsAHuman() {
        SSLHandshakeException handshake = new SSLHandshakeException("No name matching argocd.internal found");
        handshake.initCause(new CertificateException("No name matching argocd.internal found"));

        ApiException error = ApiException.from(new CompletionException(handshake));

        assertEquals(ApiException.TLS_FAILURE, error.status());
        assertTrue(error.isCertificateRejected());
        assertEquals("No name matching argocd.internal found", error.serverMessage());
        assertFalse(error.isTransient());
    }

    @Test
    public void aHandshakeCutShortIsAConnectionProblemAndRetried() {
        SSLHandshakeException closed = new SSLHandshakeException("Remote host terminated the handshake");
        closed.initCause(new EOFException("SSL peer shut down incorrectly"));

        for (Throwable cut : List.of(closed, new SSLHandshakeException("Remote host terminated the handshake"),
                new SSLException("Connection reset", new SocketException("Connection reset")),
                new SSLException("Unsupported or unrecognized SSL message"))) {
            ApiException error = ApiException.from(cut);
            assertEquals(error.getMessage(), 0, error.status());
            assertTrue(error.isTransient());
        }
    }

    @Test
    public void aFatalAlertFailsAtOnceWithoutTheCertificateHint() {
        for (String refusal : List.of("Received fatal alert: protocol_version", "Received fatal alert: handshake_failure",
                "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)")) {
            ApiException error = ApiException.from(new SSLHandshakeException(refusal));

            assertEquals(refusal, ApiException.TLS_FAILURE, error.status());
            assertFalse(error.isTransient());
            assertFalse(error.isCertificateRejected());
        }
    }

    @Test
    public void aShutDownEngineIsNotRetried() {
        ApiException error = ApiException.from(new java.util.concurrent.CompletionException(
                new java.util.concurrent.RejectedExecutionException("the wait engine has shut down")));

        assertEquals(ApiException.ENGINE_CLOSED, error.status());
        assertFalse(error.isTransient());
    }

    @Test
    public void aRefusedConnectionIsRetried() {
        ApiException error = ApiException.from(new ConnectException("Connection refused"));

        assertEquals(0, error.status());
        assertEquals("ConnectException: Connection refused", error.serverMessage());
    }

    @Test
    public void statusesThatAreWorthRetrying() {
        for (int status : new int[] {0, 408, 429, 500, 502, 503, 504}) {
            assertTrue(status + "", new ApiException(status, "x", null).isTransient());
        }
        for (int status : new int[] {400, 401, 403, 404, 405, 409, 501, ApiException.TLS_FAILURE, ApiException.ENGINE_CLOSED}) {
            assertFalse(status + "", new ApiException(status, "x", null).isTransient());
        }
    }

    private record Cause(Throwable error, String words) {}

    @Test
    public void connectionFailuresNameTheEndpointAndTheCauseInPlainWords() {
        ConnectException refusedByJdkClient = new ConnectException();
        refusedByJdkClient.initCause(new java.nio.channels.ClosedChannelException());
        List<Cause> rows = List.of(
                new Cause(new ConnectException("Connection refused"), "connection refused"),
                new Cause(refusedByJdkClient, "connection refused"),
                new Cause(new ConnectException("No route to host"), "no route to host"),
                new Cause(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"), "connect timed out"),
                new Cause(new java.net.http.HttpTimeoutException("request timed out"), "no answer in time (request timed out)"),
                new Cause(new java.net.UnknownHostException("argocd.exmaple.com"), "unknown host (DNS lookup failed)"),
                new Cause(new SocketException("Connection reset"), "connection reset"),
                new Cause(new EOFException("EOF reached while reading"), "connection closed before an answer"),
                new Cause(new java.io.IOException("HTTP/1.1 header parser received no bytes"), "connection closed before an answer"),
                new Cause(new SSLHandshakeException("Remote host terminated the handshake"),
                        "TLS handshake failed (Remote host terminated the handshake)"));
        for (Cause row : rows) {
            ApiException error = ApiException.from(new CompletionException(row.error()), "argocd.example.com:443");
            assertEquals(row.toString(), "cannot reach argocd.example.com:443: " + row.words(), error.serverMessage());
            assertEquals(0, error.status());
            assertTrue(error.isTransient());
        }
    }

    @Test
    public void anHttpAnswerIsNotAConnectionFailure() {
        ApiException answered = ApiException.from(new ApiException(503, "upstream down", null), "argocd.example.com:443");
        assertEquals("upstream down", answered.serverMessage());
    }
}
