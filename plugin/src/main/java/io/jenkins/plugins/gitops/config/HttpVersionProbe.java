package io.jenkins.plugins.gitops.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * GETs an API server's version endpoint ({@code /api/version} of Argo CD, {@code /version} of Kubernetes) with the
 * configured token and CA: proves that the URL, the TLS trust and the token work, without changing anything.
 */
final class HttpVersionProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String product;
    private final String path;
    private final String versionField;

    HttpVersionProbe(String product, String path, String versionField) {
        this.product = product;
        this.path = path;
        this.versionField = versionField;
    }

    static final HttpVersionProbe ARGO_CD = new HttpVersionProbe("Argo CD", "/api/version", "Version");
    static final HttpVersionProbe KUBERNETES = new HttpVersionProbe("Kubernetes", "/version", "gitVersion");

    ProbeResult check(String baseUrl, String token, String caCertificate, Duration timeout) {
        return check(baseUrl, token, caCertificate, timeout, HttpProxy.NONE);
    }

    /** As Jenkins' own HTTP clients do, through the configured proxy unless the host is a no-proxy host. */
    ProbeResult check(String baseUrl, String token, String caCertificate, Duration timeout, HttpProxy proxy) {
        String refused = Urls.refusedHttpUrl(baseUrl);
        if (refused != null) {
            return ProbeResult.failed(refused);
        }
        String shown = Urls.redact(baseUrl);
        try {
            HttpClient.Builder client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (caCertificate != null) {
                client.sslContext(TlsTrust.trusting(caCertificate));
            }
            proxy.applyTo(client);
            URI uri = URI.create(stripSlash(baseUrl) + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .GET();
            proxy.authorizationFor(uri).ifPresent(value -> request.header("Proxy-Authorization", value));
            if (token != null && !token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = OwnThreads.create(client::build)
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 407) {
                return ProbeResult.failed("The HTTP proxy " + proxy.address() + " refused to forward to " + shown
                        + " without valid proxy credentials (HTTP 407); see Manage Jenkins » System » HTTP Proxy");
            }
            return interpret(shown, response.statusCode(), response.body(), token);
        } catch (GeneralSecurityException e) {
            return ProbeResult.failed("The CA certificate cannot be used: " + Urls.scrub(e.getMessage(), token));
        } catch (IllegalArgumentException e) {
            return ProbeResult.failed("'" + shown + "' is not a valid URL");
        } catch (IOException e) {
            String via = proxy.bypasses(URI.create(baseUrl).getHost()) ? "" : " through the HTTP proxy " + proxy.address();
            return ProbeResult.failed(Urls.scrub("Cannot reach " + shown + via + ": " + message(e), token,
                    proxy.password()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("Interrupted while connecting to " + shown);
        }
    }

    private ProbeResult interpret(String shown, int status, String body, String token) {
        if (status == 401 || status == 403) {
            return ProbeResult.failed(shown + " refused the credentials (HTTP " + status + ")");
        }
        if (status != 200) {
            return ProbeResult.failed(shown + path + " answered HTTP " + status + "; is this the " + product + " URL?");
        }
        try {
            JsonNode version = JSON.readTree(body).get(versionField);
            if (version == null || !version.isTextual()) {
                return ProbeResult.failed(shown + path + " gave no " + versionField + "; is this the " + product + " URL?");
            }
            return ProbeResult.connected(Urls.scrub("Connected to " + product + " " + version.asText() + " at " + shown, token));
        } catch (IOException e) {
            return ProbeResult.failed(shown + path + " did not answer JSON; is this the " + product + " URL?");
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String message(IOException e) {
        String text = e.getMessage();
        if (text == null && e.getCause() != null) {
            text = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (text == null ? "" : " (" + text + ")");
    }
}
