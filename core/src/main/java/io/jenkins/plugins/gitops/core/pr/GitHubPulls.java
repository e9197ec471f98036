package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's (and GitHub Enterprise Server's) pull requests through its REST API, pinned to API version 2022-11-28,
 * in which pull requests still carry {@code merge_commit_sha}. One repository, one token.
 */
public final class GitHubPulls extends RepoPulls {
    private GitHubPulls(RestCalls api, String owner, String repo) {
        super(api, owner, repo);
    }

    /**
     * For the repository at {@code gitUrl} ({@code https://github.com/OWNER/REPO.git} or a GitHub Enterprise Server
     * URL), through {@code apiUrl}; null for github.com's {@code https://api.github.com}.
     */
    public static GitHubPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout) {
        return forRepository(gitUrl, apiUrl, token, timeout, null);
    }

    /** Through {@code client}, shared with other hosts; null for a client of its own. */
    public static GitHubPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        URI api = HostUris.api(apiUrl, path.host().equalsIgnoreCase("github.com") ? "https://api.github.com"
                : "https://" + path.host() + "/api/v3");
        String secret = HostUris.token(token, "GitHub", path, api);
        return new GitHubPulls(new RestCalls("GitHub", api, path.owner() + "/" + path.repo(), "Bearer " + secret,
                Map.of("Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"), secret, timeout,
                client), path.owner(), path.repo());
    }

    @Override
    public Optional<PullRequest> find(String branch, String base) {
        String query = "?state=all&per_page=100&head=" + encode(owner + ":" + branch) + "&base=" + encode(base);
        JsonNode list = api.call("GET", pulls() + query, null, "list pull requests");
        for (JsonNode pr : list) {
            if (branch.equals(pr.path("head").path("ref").asText())) return Optional.of(read(pr, false));
        }
        return Optional.empty();
    }

    @Override
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        return open(branch, base, RestCalls.JSON.createObjectNode().put("title", spec.title()).put("head", branch)
                .put("base", base).put("body", body).put("draft", spec.draft()), 422);
    }

    @Override
    String recentQuery(int page) {
        return "?state=all&sort=updated&direction=desc&per_page=100&page=" + page;
    }

    @Override
    int recentPageSize() {
        return 100;
    }

    /** The list leaves out {@code mergeable} and {@code mergeable_state}. */
    @Override
    public boolean listShowsMergeability() {
        return false;
    }

    /** A list entry has {@code merged_at} but no {@code merged}; a merged pull request's state is {@code closed}. */
    @Override
    PullRequest read(JsonNode pr, boolean created) {
        boolean merged = pr.path("merged").asBoolean(false) || !pr.path("merged_at").isMissingNode()
                && !pr.path("merged_at").isNull();
        Boolean mergeable = pr.path("mergeable").isBoolean() ? pr.path("mergeable").asBoolean() : null;
        return new PullRequest(pr.path("number").asInt(), pr.path("html_url").asText(),
                merged ? "merged" : pr.path("state").asText("open"), pr.path("head").path("ref").asText(),
                pr.path("base").path("ref").asText(), pr.path("head").path("sha").asText(null),
                merged && pr.hasNonNull("merge_commit_sha") ? pr.path("merge_commit_sha").asText() : null, created,
                mergeable, pr.path("mergeable_state").asText(null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
