package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.ClosedPort;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class HttpVersionProbeTest {
    private static final String TOKEN = "eyJ-secret-token-123";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpServer server;
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private String base;

    @Before
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + auth);
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (!("Bearer " + TOKEN).equals(auth) && !path.startsWith("/open")) {
                status = 401;
                body = "{\"error\":\"token " + auth + " is invalid\"}";
            } else if (path.equals("/api/version")) {
                status = 200;
                body = "{\"Version\":\"v2.13.1+af54ef8\"}";
            } else if (path.equals("/version") || path.equals("/open/version")) {
                status = 200;
                body = "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.2\"}";
            } else {
                status = 404;
                body = "not found";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @After
    public void stop() {
        server.stop(0);
    }

    @Test
    public void argoCdAnswersItsVersionToTheToken() {
        ProbeResult r = HttpVersionProbe.ARGO_CD.check(base + "/", TOKEN, null, TIMEOUT);
        assertEquals(ProbeResult.connected("Connected to Argo CD v2.13.1+af54ef8 at " + base + "/"), r);
        assertEquals(List.of("GET /api/version Bearer " + TOKEN), seen);
    }

    @Test
    public void kubernetesAnswersItsVersion() {
        ProbeResult r = HttpVersionProbe.KUBERNETES.check(base, TOKEN, null, TIMEOUT);
        assertEquals(ProbeResult.connected("Connected to Kubernetes v1.31.2 at " + base), r);
    }

    @Test
    public void withoutTokenNoAuthorizationHeaderIsSent() {
        ProbeResult r = HttpVersionProbe.KUBERNETES.check(base + "/open", null, null, TIMEOUT);
        assertTrue(r.message(), r.ok());
        assertEquals(List.of("GET /open/version null"), seen);
    }

    @Test
    public void aRefusedTokenIsReportedWithoutTheToken() {
        ProbeResult r = HttpVersionProbe.ARGO_CD.check(base, "wrong-" + TOKEN, null, TIMEOUT);
        assertEquals(ProbeResult.failed(base + " refused the credentials (HTTP 401)"), r);
    }

    @Test
    public void aWrongUrlSaysSo() {
        ProbeResult r = HttpVersionProbe.ARGO_CD.check(base + "/open/elsewhere", TOKEN, null, TIMEOUT);
        assertEquals(ProbeResult.failed(base + "/open/elsewhere/api/version answered HTTP 404; is this the Argo CD URL?"), r);
    }

    @Test
    public void anUnreachableServerIsReportedWithoutUserInfoOrToken() {
        server.stop(0);
        ProbeResult r = HttpVersionProbe.KUBERNETES.check(base, TOKEN, null, TIMEOUT);
        assertFalse(r.ok());
        assertTrue(r.message(), r.message().startsWith("Cannot reach " + base + ": "));
        assertFalse(r.message().contains(TOKEN));
    }

    @Test
    public void aBrokenCaCertificateIsReported() {
        ProbeResult r = HttpVersionProbe.KUBERNETES.check(base, TOKEN, "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----", TIMEOUT);
        assertFalse(r.ok());
        assertTrue(r.message(), r.message().startsWith("The CA certificate cannot be used"));
    }

    @Test
    public void onlyHttpUrlsAreProbed() {
        assertEquals(ProbeResult.failed("'ftp://x' is not an https:// (or http://) URL"),
                HttpVersionProbe.ARGO_CD.check("ftp://x", TOKEN, null, TIMEOUT));
        assertTrue(seen.isEmpty());
    }

    @Test
    public void throughJenkinsProxyWithItsPasswordAndTheTokenStillArrives() throws IOException {
        try (HttpProxyServer proxy = HttpProxyServer.withUser("jenkins", "pr0xy-pw")) {
            ProbeResult result = HttpVersionProbe.ARGO_CD.check(base, TOKEN, null, TIMEOUT,
                    new HttpProxy(proxy.host(), proxy.port(), "jenkins", "pr0xy-pw", null));

            assertTrue(result.message(), result.ok());
            assertEquals(List.of("GET " + base + "/api/version"), proxy.requests());
        }
    }

    @Test
    public void aProxyRefusingTheCredentialsIsNamed() throws IOException {
        try (HttpProxyServer proxy = HttpProxyServer.withUser("jenkins", "right")) {
            ProbeResult result = HttpVersionProbe.ARGO_CD.check(base, TOKEN, null, TIMEOUT,
                    new HttpProxy(proxy.host(), proxy.port(), "jenkins", "wrong-pw", null));

            assertFalse(result.ok());
            assertEquals("The HTTP proxy 127.0.0.1:" + proxy.port() + " refused to forward to " + base
                    + " without valid proxy credentials (HTTP 407); see Manage Jenkins » System » HTTP Proxy",
                    result.message());
            assertEquals(List.of(), seen);
        }
    }

    @Test
    public void anUnreachableProxyIsNamedAndANoProxyHostGoesDirect() throws IOException {
        int closed = ClosedPort.get();
        ProbeResult down = HttpVersionProbe.ARGO_CD.check(base, TOKEN, null, TIMEOUT,
                new HttpProxy("127.0.0.1", closed, "jenkins", "pw-secret-x", null));
        assertFalse(down.ok());
        assertTrue(down.message(), down.message().startsWith("Cannot reach " + base + " through the HTTP proxy 127.0.0.1:"
                + closed + ": ConnectException"));
        assertFalse(down.message().contains("pw-secret-x"));

        ProbeResult direct = HttpVersionProbe.ARGO_CD.check(base, TOKEN, null, TIMEOUT,
                new HttpProxy("127.0.0.1", closed, null, null, "localhost,127.0.0.1"));
        assertTrue(direct.message(), direct.ok());
    }
}
