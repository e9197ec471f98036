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
}
