package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.git.Urls;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GitHub's (and GitHub Enterprise Server's) pull requests through its REST API, pinned to API version 2022-11-28,
 * in which pull requests still carry {@code merge_commit_sha}. One repository, one token.
 */
public final class GitHubPulls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_VERSION = "2022-11-28";

    private final URI api;
    private final String owner;
    private final String repo;
    private final String token;
    private final HttpClient client;
    private final Duration timeout;

    GitHubPulls(URI api, String owner, String repo, String token, HttpClient client, Duration timeout) {
        this.api = api;
        this.owner = owner;
        this.repo = repo;
        this.token = token;
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * For the repository at {@code gitUrl} ({@code https://github.com/OWNER/REPO.git} or a GitHub Enterprise Server
     * URL), through {@code apiUrl}; null for github.com's {@code https://api.github.com}.
     */
    public static GitHubPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout) {
        RepoPath path = RepoPath.of(gitUrl);
        URI api = URI.create(apiUrl != null && !apiUrl.isBlank() ? apiUrl.replaceAll("/+$", "")
                : path.host().equalsIgnoreCase("github.com") ? "https://api.github.com"
                : "https://" + path.host() + "/api/v3");
        Urls.checkAllowed(api.toString());
        if (api.getUserInfo() != null) throw new IllegalArgumentException("The API URL must not hold user-info");
        if (token == null || token.isBlank()) {
            throw new PullRequestException("No token for the pull requests of " + path.owner() + "/" + path.repo()
                    + " on " + api.getHost() + ": give one (GITOPS_PR_TOKEN for the command line)");
        }
        return new GitHubPulls(api, path.owner(), path.repo(), token.trim(),
                HttpClient.newBuilder().connectTimeout(timeout).build(), timeout);
    }

    /** The pull request from {@code branch} into {@code base}, open or not, newest first; empty when there is none. */
    public Optional<PullRequest> find(String branch, String base) {
        String query = "?state=all&per_page=100&head=" + encode(owner + ":" + branch) + "&base=" + encode(base);
        JsonNode list = call("GET", "/repos/" + owner + "/" + repo + "/pulls" + query, null, "list pull requests");
        for (JsonNode pr : list) {
            if (branch.equals(pr.path("head").path("ref").asText())) return Optional.of(read(pr, false));
        }
        return Optional.empty();
    }

    /** Opens the pull request, or finds the one the host says already exists. */
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        ObjectNode request = JSON.createObjectNode().put("title", spec.title()).put("head", branch).put("base", base)
                .put("body", body).put("draft", spec.draft());
        Response r = send("POST", "/repos/" + owner + "/" + repo + "/pulls", request);
        if (r.status() == 201) return read(r.body(), true);
        if (r.status() == 422 && r.text().contains("already exists")) {
            return find(branch, base).orElseThrow(() -> failure("open a pull request", r));
        }
        throw failure("open a pull request from " + branch + " into " + base, r);
    }

    /** Brings title and description up to date on a pull request an earlier run opened. */
    public PullRequest update(PullRequest pr, PullRequestSpec spec, String body) {
        ObjectNode request = JSON.createObjectNode().put("title", spec.title()).put("body", body);
        JsonNode updated = call("PATCH", "/repos/" + owner + "/" + repo + "/pulls/" + pr.number(), request,
                "update pull request #" + pr.number());
        return read(updated, pr.created());
    }

    public void addLabels(PullRequest pr, List<String> labels) {
        if (labels.isEmpty()) return;
        ObjectNode request = JSON.createObjectNode();
        labels.forEach(request.putArray("labels")::add);
        call("POST", "/repos/" + owner + "/" + repo + "/issues/" + pr.number() + "/labels", request,
                "label pull request #" + pr.number());
    }

    public void requestReviewers(PullRequest pr, List<String> reviewers) {
        if (reviewers.isEmpty()) return;
        ObjectNode request = JSON.createObjectNode();
        reviewers.forEach(request.putArray("reviewers")::add);
        call("POST", "/repos/" + owner + "/" + repo + "/pulls/" + pr.number() + "/requested_reviewers", request,
                "ask for reviews on pull request #" + pr.number());
    }

    public PullRequest get(int number) {
        return read(call("GET", "/repos/" + owner + "/" + repo + "/pulls/" + number, null,
                "read pull request #" + number), false);
    }

    private static PullRequest read(JsonNode pr, boolean created) {
        boolean merged = pr.path("merged").asBoolean(false) || !pr.path("merged_at").isMissingNode()
                && !pr.path("merged_at").isNull();
        String state = merged ? "merged" : pr.path("state").asText("open");
        String mergeCommit = merged && pr.hasNonNull("merge_commit_sha") ? pr.path("merge_commit_sha").asText() : null;
        Boolean mergeable = pr.path("mergeable").isBoolean() ? pr.path("mergeable").asBoolean() : null;
        return new PullRequest(pr.path("number").asInt(), pr.path("html_url").asText(), state,
                pr.path("head").path("ref").asText(), pr.path("base").path("ref").asText(),
                pr.path("head").path("sha").asText(null), mergeCommit, created, mergeable,
                pr.path("mergeable_state").asText(null));
    }

    private record Response(int status, JsonNode body, String text, HttpResponse<String> raw) {}

    private JsonNode call(String method, String path, JsonNode body, String what) {
        Response r = send(method, path, body);
        if (r.status() / 100 != 2) throw failure(what, r);
        return r.body();
    }

    private Response send(String method, String path, JsonNode body) {
        URI uri = api.resolve(api.getPath() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "gitops-bridge")
                .header("Authorization", "Bearer " + token);
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
            throw new PullRequestException("GitHub at " + hostAndPort() + " did not answer within " + timeout.toSeconds()
                    + " s", e);
        } catch (ConnectException e) {
            throw new PullRequestException("Cannot reach GitHub at " + hostAndPort() + ": connection refused", e);
        } catch (IOException e) {
            throw new PullRequestException("GitHub at " + hostAndPort() + " failed: " + mask(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullRequestException("Interrupted while talking to GitHub at " + hostAndPort(), e);
        }
    }

    private PullRequestException failure(String what, Response r) {
        String message = mask(r.body().path("message").asText(r.text().strip()));
        String remaining = r.raw().headers().firstValue("x-ratelimit-remaining").orElse("");
        String where = "GitHub at " + hostAndPort() + " (" + owner + "/" + repo + ")";
        if (r.status() == 401) {
            return new PullRequestException(where + " refused the token: 401 " + message);
        }
        if ((r.status() == 403 || r.status() == 429) && (remaining.equals("0") || message.toLowerCase(Locale.ROOT)
                .contains("rate limit"))) {
            String reset = r.raw().headers().firstValue("x-ratelimit-reset")
                    .map(s -> " until " + Instant.ofEpochSecond(Long.parseLong(s.trim()))).orElse("");
            String retry = r.raw().headers().firstValue("retry-after").map(s -> ", retry after " + s.trim() + " s").orElse("");
            Duration wait = r.raw().headers().firstValue("retry-after").map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
                    .or(() -> r.raw().headers().firstValue("x-ratelimit-reset").map(v -> Duration.between(Instant.now(),
                            Instant.ofEpochSecond(Long.parseLong(v.trim())))))
                    .orElse(Duration.ofSeconds(60));
            return new PullRequestException(where + " is rate limiting the token" + reset + retry + ": " + message,
                    wait.isNegative() ? Duration.ZERO : wait);
        }
        if (r.status() == 404) {
            return new PullRequestException(where + " has no such repository, or the token cannot see it (404) while"
                    + " trying to " + what);
        }
        StringBuilder details = new StringBuilder();
        for (JsonNode e : r.body().path("errors")) {
            String m = e.path("message").asText(e.path("code").asText() + " " + e.path("field").asText());
            details.append("; ").append(mask(m.strip()));
        }
        return new PullRequestException(where + " could not " + what + ": " + r.status() + " " + message + details);
    }

    private String hostAndPort() {
        int port = api.getPort() > 0 ? api.getPort() : "http".equalsIgnoreCase(api.getScheme()) ? 80 : 443;
        return api.getHost() + ":" + port;
    }

    private String mask(String text) {
        return text.replace(token, "****");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
