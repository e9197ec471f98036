package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's (and GitHub Enterprise Server's) pull requests through its REST API, pinned to API version 2022-11-28,
 * in which pull requests still carry {@code merge_commit_sha}. One repository, one token.
 */
public final class GitHubPulls extends RepoPulls {
    private static final String ENABLE_AUTO_MERGE = "mutation($id: ID!, $method: PullRequestMergeMethod, $sha: GitObjectID)"
            + " { enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $method, expectedHeadOid: $sha})"
            + " { pullRequest { autoMergeRequest { enabledAt mergeMethod } } } }";

    private final RestCalls graphql;

    private GitHubPulls(RestCalls api, RestCalls graphql, String owner, String repo) {
        super(api, owner, repo);
        this.graphql = graphql;
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
        return forRepository(gitUrl, apiUrl, ApiToken.fixed(HostUris.token(token, "GitHub", path, api(path, apiUrl))),
                timeout, client);
    }

    /** With a token that may be renewed, such as a GitHub App's ({@link GitHubAppToken}). */
    public static GitHubPulls forRepository(String gitUrl, String apiUrl, ApiToken token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        URI api = api(path, apiUrl);
        String repository = path.owner() + "/" + path.repo();
        return new GitHubPulls(new RestCalls("GitHub", api, repository, "Authorization", "Bearer ", HEADERS, token,
                timeout, client), new RestCalls("GitHub", graphqlUri(api), repository, "Authorization", "Bearer ",
                HEADERS, token, timeout, client), path.owner(), path.repo());
    }

    static final Map<String, String> HEADERS = Map.of("Accept", "application/vnd.github+json",
            "X-GitHub-Api-Version", "2022-11-28");

    /** {@code https://api.github.com} for github.com, {@code https://HOST/api/v3} for GitHub Enterprise Server. */
    static URI api(RepoPath path, String apiUrl) {
        return HostUris.api(apiUrl, path.host().equalsIgnoreCase("github.com") ? "https://api.github.com"
                : "https://" + path.host() + "/api/v3");
    }

    /** {@code https://api.github.com/graphql}, and on GitHub Enterprise Server {@code https://HOST/api/graphql}. */
    private static URI graphqlUri(URI api) {
        String path = api.getPath() == null ? "" : api.getPath();
        return api.resolve(path.endsWith("/api/v3") ? path.substring(0, path.length() - 3) + "graphql" : path + "/graphql");
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

    /**
     * Auto-merge exists only in GraphQL ({@code enablePullRequestAutoMerge}); GitHub refuses it for a pull request
     * that can be merged at once ("clean status"), which is then merged now, with the same method and our head.
     */
    @Override
    public String enableAutoMerge(PullRequest pr, String method) {
        JsonNode rest = api.call("GET", pulls() + "/" + pr.number(), null, "read pull request #" + pr.number());
        if (rest.path("auto_merge").isObject()) {
            return "auto-merge is on already (" + rest.path("auto_merge").path("merge_method").asText() + ")";
        }
        ObjectNode request = RestCalls.JSON.createObjectNode().put("query", ENABLE_AUTO_MERGE);
        request.putObject("variables").put("id", rest.path("node_id").asText())
                .put("method", method.toUpperCase(java.util.Locale.ROOT)).put("sha", pr.headSha());
        JsonNode answer = graphql.call("POST", "", request, "enable auto-merge on pull request #" + pr.number());
        if (answer.path("errors").isEmpty()) {
            return "auto-merge (" + method + ") is on: GitHub merges it once its required checks and reviews pass";
        }
        String errors = answer.path("errors").findValuesAsText("message").stream().reduce((a, b) -> a + "; " + b).orElse("");
        if (!errors.contains("clean status")) {
            throw new PullRequestException("GitHub (" + owner + "/" + repo + ") refused auto-merge for pull request #"
                    + pr.number() + ": " + errors);
        }
        ObjectNode merge = RestCalls.JSON.createObjectNode().put("merge_method", method).put("sha", pr.headSha());
        JsonNode merged = api.call("PUT", pulls() + "/" + pr.number() + "/merge", merge, "merge pull request #" + pr.number());
        return "nothing was missing, so it was merged now (" + method + ") as " + merged.path("sha").asText();
    }

    private static final java.util.Set<String> FAILED = java.util.Set.of("failure", "timed_out", "cancelled",
            "action_required", "startup_failure", "error");

    /**
     * The head's check runs and commit statuses, the last review of each reviewer, and which checks the base branch's
     * protection requires: only a required check that failed ends a wait. Without the permission to read the
     * protection (it takes admin rights), no failed check is taken as required.
     */
    @Override
    public Blockers blockers(PullRequest pr) {
        java.util.Set<String> required = requiredChecks(pr.base());
        java.util.List<String> failed = new java.util.ArrayList<>();
        java.util.List<String> other = new java.util.ArrayList<>();
        java.util.List<String> pending = new java.util.ArrayList<>();
        String commit = "/repos/" + owner + "/" + repo + "/commits/" + pr.headSha();
        for (JsonNode run : api.call("GET", commit + "/check-runs?per_page=100", null, "read the checks of #" + pr.number())
                .path("check_runs")) {
            String name = run.path("name").asText();
            if (!run.path("status").asText().equals("completed")) {
                pending.add("'" + name + "' (" + run.path("status").asText() + ")");
            } else if (FAILED.contains(run.path("conclusion").asText())) {
                (required.contains(name) ? failed : other).add("'" + name + "' (" + run.path("conclusion").asText() + ": "
                        + run.path("html_url").asText() + ")");
            }
        }
        for (JsonNode status : api.call("GET", commit + "/status", null, "read the statuses of #" + pr.number())
                .path("statuses")) {
            String name = status.path("context").asText();
            String state = status.path("state").asText();
            if (state.equals("pending")) {
                pending.add("'" + name + "' (pending)");
            } else if (FAILED.contains(state)) {
                (required.contains(name) ? failed : other).add("'" + name + "' (" + state + ": "
                        + status.path("target_url").asText() + ")");
            }
        }
        java.util.Map<String, String> lastReview = new java.util.LinkedHashMap<>();
        for (JsonNode review : api.call("GET", pulls() + "/" + pr.number() + "/reviews?per_page=100", null,
                "read the reviews of #" + pr.number())) {
            String state = review.path("state").asText();
            if (!state.equals("COMMENTED") && !state.equals("PENDING")) {
                lastReview.put(review.path("user").path("login").asText(), state);
            }
        }
        java.util.List<String> changes = lastReview.entrySet().stream().filter(e -> e.getValue().equals("CHANGES_REQUESTED"))
                .map(java.util.Map.Entry::getKey).toList();
        return new Blockers(failed, pending, changes, other);
    }

    /** The checks the branch's protection requires; none when it requires none, or cannot be read. */
    private java.util.Set<String> requiredChecks(String base) {
        RestCalls.Response r = api.send("GET", "/repos/" + owner + "/" + repo + "/branches/"
                + java.net.URLEncoder.encode(base, java.nio.charset.StandardCharsets.UTF_8)
                + "/protection/required_status_checks", null);
        if (r.status() / 100 != 2) return java.util.Set.of();
        java.util.Set<String> names = new java.util.HashSet<>();
        r.body().path("contexts").forEach(c -> names.add(c.asText()));
        r.body().path("checks").forEach(c -> names.add(c.path("context").asText()));
        return names;
    }

    @Override
    public int blockersCost() {
        return 4;
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
