package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Gitea's and Forgejo's pull requests through their API v1. Where they differ from GitHub: the list has no head
 * filter (the pages are searched, newest first), "already exists" is a 409, an edit answers 201, a draft is a title
 * that starts with {@code WIP:}, and {@code merge_commit_sha} is set only once merged.
 */
public final class GiteaPulls extends RepoPulls {
    private static final int PAGES = 5;
    private static final int PAGE_SIZE = 50;

    private GiteaPulls(RestCalls api, String owner, String repo) {
        super(api, owner, repo);
    }

    /** For the repository at {@code gitUrl}, through {@code apiUrl}; null for {@code SCHEME://HOST/api/v1}. */
    public static GiteaPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout) {
        return forRepository(gitUrl, apiUrl, token, timeout, null);
    }

    /** Through {@code client}, shared with other hosts; null for a client of its own. */
    public static GiteaPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        String scheme = gitUrl.startsWith("http://") ? "http" : "https";
        URI api = HostUris.api(apiUrl, scheme + "://" + path.host() + "/api/v1");
        String secret = HostUris.token(token, "Gitea", path, api);
        return new GiteaPulls(new RestCalls("Gitea", api, path.owner() + "/" + path.repo(), "Authorization", "token ",
                Map.of("Accept", "application/json"), ApiToken.fixed(secret), timeout, client), path.owner(), path.repo());
    }

    @Override
    public Optional<PullRequest> find(String branch, String base) {
        PullRequest newest = null;
        for (int page = 1; page <= PAGES; page++) {
            JsonNode list = api.call("GET", pulls() + "?state=all&limit=" + PAGE_SIZE + "&page=" + page, null,
                    "list pull requests");
            for (JsonNode pr : list) {
                if (branch.equals(pr.path("head").path("ref").asText()) && base.equals(pr.path("base").path("ref").asText())
                        && (newest == null || pr.path("number").asInt() > newest.number())) {
                    newest = read(pr, false);
                }
            }
            if (list.size() < PAGE_SIZE) break;
        }
        return Optional.ofNullable(newest);
    }

    @Override
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        return open(branch, base, RestCalls.JSON.createObjectNode().put("title", title(spec)).put("head", branch)
                .put("base", base).put("body", body), 409);
    }

    @Override
    String recentQuery(int page) {
        return "?state=all&sort=recentupdate&limit=" + PAGE_SIZE + "&page=" + page;
    }

    @Override
    int recentPageSize() {
        return PAGE_SIZE;
    }

    /** {@code merge_when_checks_succeed}: merged at once when its checks pass already; 409 when scheduled before. */
    @Override
    public String enableAutoMerge(PullRequest pr, String method) {
        RestCalls.Response r = api.send("POST", pulls() + "/" + pr.number() + "/merge", RestCalls.JSON.createObjectNode()
                .put("Do", method).put("merge_when_checks_succeed", true).put("head_commit_id", pr.headSha()));
        if (r.status() == 409) return "its merge (" + method + ") was scheduled already";
        if (r.status() / 100 != 2) throw api.failure("schedule the merge of pull request #" + pr.number(), r);
        return get(pr.number()).state().equals("merged")
                ? "its checks pass, so Gitea merged it now (" + method + ")"
                : "its merge (" + method + ") is scheduled: Gitea merges it once its required checks pass";
    }

    /** Gitea's list holds whole pull requests, {@code mergeable} included. */
    @Override
    public boolean listShowsMergeability() {
        return true;
    }

    @Override
    String title(PullRequestSpec spec) {
        return spec.draft() && !spec.title().startsWith("WIP:") ? "WIP: " + spec.title() : spec.title();
    }

    /** Gitea has no mergeable_state: a pull request it cannot merge has a conflict (or checks still running). */
    @Override
    PullRequest read(JsonNode pr, boolean created) {
        boolean merged = pr.path("merged").asBoolean(false);
        Boolean mergeable = pr.path("mergeable").isBoolean() ? pr.path("mergeable").asBoolean() : null;
        String mergeState = merged || mergeable == null ? null
                : pr.path("title").asText().startsWith("WIP:") ? "draft" : mergeable ? "clean" : "dirty";
        return new PullRequest(pr.path("number").asInt(), pr.path("html_url").asText(),
                merged ? "merged" : pr.path("state").asText("open"), pr.path("head").path("ref").asText(),
                pr.path("base").path("ref").asText(), pr.path("head").path("sha").asText(null),
                merged && pr.hasNonNull("merge_commit_sha") ? pr.path("merge_commit_sha").asText() : null, created,
                mergeable, mergeState);
    }
}
