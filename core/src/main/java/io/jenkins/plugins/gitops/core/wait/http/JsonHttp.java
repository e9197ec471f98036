package io.jenkins.plugins.gitops.core.wait.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * JSON calls with a bearer token, answered through futures. Failures complete the future with an {@link ApiException}
 * carrying the server's own message, so that callers can quote it.
 *
 * <p>Short calls run as blocking {@code send}s on the engine's small request pool, in the server's lane: {@code sendAsync} completes every
 * response on the common fork-join pool, which starts a new thread per response on machines with one or two CPUs.
 * Calls the server holds open (event streams, watches, Argo CD's refresh) use {@code sendAsync}, so that they hold no
 * thread while the server thinks. The request timeout counts from the call, time spent queued in the lane included.
 */
public final class JsonHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final RequestLanes lanes;
    private final String token;
    private final Duration requestTimeout;
    private final HttpProxy proxy;
    private final Consumer<URI> answered;

    public JsonHttp(HttpClient client, RequestLanes lanes, String token, Duration requestTimeout, HttpProxy proxy) {
        this(client, lanes, token, requestTimeout, proxy, uri -> { });
    }

    /** @param answered told of every request that got an HTTP answer, whatever its status */
    public JsonHttp(HttpClient client, RequestLanes lanes, String token, Duration requestTimeout, HttpProxy proxy,
            Consumer<URI> answered) {
        this.client = client;
        this.lanes = lanes;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.proxy = proxy;
        this.answered = answered;
    }

    public CompletableFuture<JsonNode> get(URI uri) {
        return send("GET", uri, null, null);
    }

    /** A GET that the server answers only once it has done some work (Argo CD's refresh); holds no thread meanwhile. */
    public CompletableFuture<JsonNode> getHeldOpen(URI uri) {
        return client.sendAsync(request("GET", uri, null, null), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        throw ApiException.from(error, endpoint(uri));
                    }
                    answered.accept(uri);
                    return json(response);
                });
    }

    public CompletableFuture<JsonNode> send(String method, URI uri, JsonNode body, String contentType) {
        return lanes.submit(RequestLanes.serverOf(uri), queued -> {
            Duration left = requestTimeout.minus(queued);
            if (left.isNegative() || left.isZero()) {
                throw new ApiException(0, "no connection to " + RequestLanes.serverOf(uri) + " came free within "
                        + requestTimeout.toSeconds() + " s (earlier requests to it are still waiting for answers)", null);
            }
            try {
                HttpResponse<String> response = client.send(request(method, uri, body, contentType, left),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                answered.accept(uri);
                return json(response);
            } catch (IOException e) {
                throw ApiException.from(e, endpoint(uri));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.from(e);
            }
        }).exceptionallyCompose(error -> CompletableFuture.failedFuture(ApiException.from(error, endpoint(uri))));
    }

    /** {@code host:port} of a request, and the proxy it goes through. */
    String endpoint(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String server = uri.getHost() + ":" + port;
        return proxy.proxyFor(uri) == java.net.Proxy.NO_PROXY ? server : server + " through the HTTP proxy " + proxy.address();
    }

    private HttpRequest request(String method, URI uri, JsonNode body, String contentType) {
        return request(method, uri, body, contentType, requestTimeout);
    }

    private HttpRequest request(String method, URI uri, JsonNode body, String contentType, Duration timeout) {
        HttpRequest.Builder request = base(uri).timeout(timeout);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return request.build();
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(response.statusCode(), messageOf(response.body()), null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "unreadable JSON response: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a long-lived response and hands every line to {@code lines}. The returned stream completes normally when
     * the server ends the response, exceptionally with an {@link ApiException} otherwise.
     */
    public LineStream stream(URI uri, Consumer<String> lines) {
        LineStream stream = new LineStream(lines);
        HttpResponse.BodyHandler<String> handler = info -> {
            answered.accept(uri);
            return info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(stream, s -> "", StandardCharsets.UTF_8, null)
                    : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(base(uri).GET().build(), handler);
        stream.exchange = exchange;
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                stream.ended.completeExceptionally(ApiException.from(error, endpoint(uri)));
            } else if (response.statusCode() != 200) {
                stream.ended.completeExceptionally(new ApiException(response.statusCode(), messageOf(response.body()), null));
            } else {
                stream.ended.complete(null);
            }
        });
        return stream;
    }

    private HttpRequest.Builder base(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            builder.header("Authorization", "Bearer " + token);
        }
        proxy.authorizationFor(uri).ifPresent(value -> builder.header("Proxy-Authorization", value));
        return builder;
    }

    /** The {@code message} of an Argo CD error body or a Kubernetes Status, else the (shortened) body. */
    static String messageOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message") && !node.get("message").asText().isEmpty()) {
                return node.get("message").asText();
            }
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").isTextual() ? node.get("error").asText() : node.get("error").toString();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: quote the text itself
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** A running line stream; {@link #cancel()} closes it. */
    public static final class LineStream implements Flow.Subscriber<String> {
        private final Consumer<String> lines;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private volatile CompletableFuture<?> exchange;
        private Flow.Subscription subscription;
        private boolean cancelled;

        LineStream(Consumer<String> lines) {
            this.lines = lines;
        }

        public CompletableFuture<Void> ended() {
            return ended;
        }

        public void cancel() {
            Flow.Subscription s;
            synchronized (this) {
                cancelled = true;
                s = subscription;
            }
            if (s != null) {
                s.cancel();
            }
            CompletableFuture<?> e = exchange;
            if (e != null) {
                e.cancel(true);
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean cancelNow;
            synchronized (this) {
                subscription = s;
                cancelNow = cancelled;
            }
            if (cancelNow) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            if (!cancelled) {
                lines.accept(line);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // reported through the exchange future
        }

        @Override
        public void onComplete() {
            // reported through the exchange future
        }
    }
}
