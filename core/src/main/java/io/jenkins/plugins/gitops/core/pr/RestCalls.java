package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * JSON calls to one git host's API with one token, and its refusals in one line that names the host (host:port) and
 * the repository and never shows the token: a refused token, a repository the token cannot see, a rate limit with the
 * time it ends.
 */
final class RestCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    /** How soon to ask again after a failure that passes: a server error, a timeout, a refused connection. */
    static final Duration TRANSIENT = Duration.ofSeconds(5);

    private final String hostName;
    private final URI api;
    private final String repository;
    private final String authHeader;
    private final String authPrefix;
    private final Map<String, String> headers;
    private final ApiToken token;
    private final java.util.Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final HttpClient client;
    private final Duration timeout;

    /**
     * @param authHeader the header that carries the token ({@code Authorization}, or GitLab's {@code PRIVATE-TOKEN})
     * @param authPrefix what comes before the token in it ({@code Bearer }, {@code token }, or nothing)
     */
    RestCalls(String hostName, URI api, String repository, String authHeader, String authPrefix,
            Map<String, String> headers, ApiToken token, Duration timeout, HttpClient client) {
        this.hostName = hostName;
        this.api = api;
        this.repository = repository;
        this.authHeader = authHeader;
        this.authPrefix = authPrefix;
        this.headers = Map.copyOf(headers);
        this.token = token;
        this.client = client != null ? client : newClient(timeout);
        this.timeout = timeout;
    }

    /** A client of its own, for one command; waits share one ({@link MergeWatch#httpClient()}). */
    static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** Tells this host, repository and token apart from others without showing the token. */
    String key() {
        return hostName + " " + api + " " + repository + " " + token.identity();
    }

    String repository() {
        return repository;
    }

    record Response(int status, JsonNode body, String text, HttpResponse<String> raw) {}

    /**
     * One page of a host's list of pull requests, asked with {@code If-None-Match: etag} when there is one: a
     * {@code 304} is a page unchanged; {@code items} picks the pull requests out of the body, {@code listed} reads one,
     * {@code more} tells from the body whether a page follows.
     */
    RecentPulls recent(String path, String etag, String what, java.util.function.Function<JsonNode, JsonNode> items,
            java.util.function.Function<JsonNode, RecentPulls.Listed> listed, java.util.function.Predicate<JsonNode> more) {
        Response r = send("GET", path, null, etag);
        RateBudget budget = budget(r);
        if (r.status() == 304) return new RecentPulls(java.util.List.of(), false, etag, true, budget);
        if (r.status() / 100 != 2) throw failure(what, r);
        java.util.List<RecentPulls.Listed> page = new java.util.ArrayList<>();
        for (JsonNode pr : items.apply(r.body())) page.add(listed.apply(pr));
        return new RecentPulls(page, more.test(r.body()), r.raw().headers().firstValue("etag").orElse(null), false, budget);
    }

    JsonNode call(String method, String path, JsonNode body, String what) {
        Response r = send(method, path, body);
        if (r.status() / 100 != 2) throw failure(what, r);
        return r.body();
    }

    Response send(String method, String path, JsonNode body) {
        return send(method, path, body, null);
    }

    /**
     * With {@code etag}, a GET that the host may answer {@code 304 Not Modified}, which rate limits do not count. A
     * token the host refuses is renewed, where it can be, and the request sent once more.
     */
    Response send(String method, String path, JsonNode body, String etag) {
        String used = token.current();
        Response r = send(method, path, body, etag, used);
        if (r.status() == 401 && token.renew(used)) {
            r = send(method, path, body, etag, token.current());
        }
        return r;
    }

    private Response send(String method, String path, JsonNode body, String etag, String secret) {
        sent.add(secret);
        URI uri = api.resolve(api.getPath() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "gitops-bridge");
        if (token instanceof ApiToken.Basic) request.header("Authorization", "Basic " + secret);
        else request.header(authHeader, authPrefix + secret);
        headers.forEach(request::header);
        if (etag != null) request.header("If-None-Match", etag);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String text = response.body() == null ? "" : response.body();
            JsonNode json;
            try {
                json = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException notJson) {
                json = JSON.createObjectNode();
            }
            return new Response(response.statusCode(), json, text, response);
        } catch (HttpTimeoutException e) {
            throw new PullRequestException(hostName + " at " + hostAndPort() + " did not answer within "
                    + timeout.toSeconds() + " s", TRANSIENT, e);
        } catch (ConnectException e) {
            throw new PullRequestException("Cannot reach " + hostName + " at " + hostAndPort() + ": connection refused",
                    TRANSIENT, e);
        } catch (IOException e) {
            throw new PullRequestException(hostName + " at " + hostAndPort() + " failed: "
                    + mask(String.valueOf(e.getMessage())), TRANSIENT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullRequestException("Interrupted while talking to " + hostName + " at " + hostAndPort(), e);
        }
    }

    PullRequestException failure(String what, Response r) {
        String said = mask(message(r));
        String message = said.startsWith(r.status() + " ") ? said.substring(4) : said;
        String remaining = header(r, "ratelimit-remaining").orElse("");
        String where = hostName + " at " + hostAndPort() + " (" + repository + ")";
        if (r.status() == 401) {
            return new PullRequestException((where + " refused the token: 401 " + message).strip());
        }
        if (r.status() == 429 || r.status() == 403 && (remaining.equals("0") || message.toLowerCase(Locale.ROOT)
                .contains("rate limit"))) {
            String reset = header(r, "ratelimit-reset").flatMap(v -> seconds(v, true))
                    .map(d -> " until " + Instant.now().plus(d).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    .orElse("");
            String retry = r.raw().headers().firstValue("retry-after").map(s -> ", retry after " + s.trim() + " s").orElse("");
            Duration wait = r.raw().headers().firstValue("retry-after").flatMap(v -> seconds(v, false))
                    .or(() -> header(r, "ratelimit-reset").flatMap(v -> seconds(v, true)))
                    .orElse(Duration.ofSeconds(60));
            return new PullRequestException(where + " is rate limiting the token" + reset + retry + ": " + message, wait);
        }
        if (r.status() >= 500) {
            return new PullRequestException(where + " failed to " + what + ": " + r.status() + " " + message, TRANSIENT);
        }
        if (r.status() == 404) {
            return new PullRequestException(where + " has no such repository, or the token cannot see it (404) while"
                    + " trying to " + what);
        }
        StringBuilder details = new StringBuilder();
        for (JsonNode e : r.body().path("errors")) {
            String m = e.isTextual() ? e.asText() : e.path("message").asText(e.path("code").asText() + " " + e.path("field").asText());
            if (!mask(m.strip()).equals(message)) details.append("; ").append(mask(m.strip()));
        }
        return new PullRequestException(where + " could not " + what + ": " + r.status() + " " + message + details);
    }

    /**
     * The host's {@code message}: a string (GitHub, Gitea), a list or a map of them (GitLab), the first of
     * {@code errors} (Bitbucket), or the body's text.
     */
    private static String message(Response r) {
        JsonNode message = r.body().path("message");
        if (message.isTextual()) return message.asText();
        if (message.isArray()) {
            java.util.List<String> all = new java.util.ArrayList<>();
            message.forEach(m -> all.add(m.asText()));
            return String.join("; ", all);
        }
        if (message.isObject()) return message.toString();
        JsonNode errors = r.body().path("errors");
        if (errors.isArray() && errors.size() > 0 && errors.get(0).path("message").isTextual()) {
            return errors.get(0).path("message").asText();
        }
        return r.text().strip();
    }

    /** What the host's {@code X-RateLimit-*} headers say is left of the token's budget; null when they say nothing. */
    static RateBudget budget(Response r) {
        var headers = r.raw().headers();
        var remaining = header(r, "ratelimit-remaining").flatMap(v -> number(v));
        var limit = header(r, "ratelimit-limit").flatMap(v -> number(v));
        var reset = header(r, "ratelimit-reset").flatMap(v -> number(v));
        if (remaining.isEmpty() || limit.isEmpty() || reset.isEmpty()) return null;
        return new RateBudget(remaining.get(), limit.get(), Instant.ofEpochSecond(reset.get()));
    }

    /** GitHub's and Gitea's {@code X-RateLimit-NAME}, or GitLab's {@code RateLimit-NAME}. */
    private static java.util.Optional<String> header(Response r, String name) {
        return r.raw().headers().firstValue("x-" + name).or(() -> r.raw().headers().firstValue(name));
    }

    private static java.util.Optional<Long> number(String value) {
        try {
            return java.util.Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /** A header's seconds (or, with {@code epoch}, the epoch second it names) from now; empty when not a number. */
    private static java.util.Optional<Duration> seconds(String value, boolean epoch) {
        try {
            long n = Long.parseLong(value.trim());
            Duration d = epoch ? Duration.between(Instant.now(), Instant.ofEpochSecond(n)) : Duration.ofSeconds(n);
            return java.util.Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private String hostAndPort() {
        int port = api.getPort() > 0 ? api.getPort() : "http".equalsIgnoreCase(api.getScheme()) ? 80 : 443;
        return api.getHost() + ":" + port;
    }

    private String mask(String text) {
        String masked = text;
        if (token instanceof ApiToken.Basic basic && !basic.password().isEmpty()) masked = masked.replace(basic.password(), "****");
        for (String secret : sent) {
            if (!secret.isEmpty()) masked = masked.replace(secret, "****");
        }
        return masked;
    }
}
