package io.jenkins.plugins.gitops.core.wait.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.security.cert.CertificateException;
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
        assertEquals("No name matching argocd.internal found", error.serverMessage());
        assertFalse(error.isTransient());
    }

    @Test
    public void aHandshakeCutShortIsAConnectionProblemAndRetried() {
        ApiException cut = ApiException.from(new SSLHandshakeException("Remote host terminated the handshake"));
        ApiException reset = ApiException.from(new SSLException("Connection reset"));

        assertEquals(0, cut.status());
        assertTrue(cut.isTransient());
        assertEquals(0, reset.status());
        assertTrue(reset.isTransient());
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
        for (int status : new int[] {400, 401, 403, 404, 405, 409, 501, ApiException.TLS_FAILURE}) {
            assertFalse(status + "", new ApiException(status, "x", null).isTransient());
        }
    }
}
