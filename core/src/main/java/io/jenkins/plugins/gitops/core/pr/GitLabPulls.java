package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.git.Sleeper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitLab's merge requests through its REST API v4, for the project at the git URL's whole path (subgroups included).
 * Where it differs from GitHub: the project is named by its URL-encoded path, "already exists" is a 409 whose
 * {@code message} is a list naming the existing merge request, a draft is a title that starts with {@code Draft:},
 * labels are one comma-separated string, reviewers are user IDs (names are looked up), and whether a merge request can
 * be merged is {@code detailed_merge_status}, which the list may show stale. The merge commit is
 * {@code merge_commit_sha}, or {@code squash_commit_sha} when squashed; a fast-forward merge leaves both empty and the
 * target's tip is our head, {@code sha}.
 */
public final class GitLabPulls implements PullRequestHost {
    private final RestCalls api;
    private final String project;

    private GitLabPulls(RestCalls api, String projectPath) {
        this.api = api;
        this.project = "/projects/" + URLEncoder.encode(projectPath, StandardCharsets.UTF_8);
    }

    /** For the project at {@code gitUrl}, through {@code apiUrl}; null for {@code SCHEME://HOST/api/v4}. */
    public static GitLabPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        URI git = gitUrl.matches("^https?://.*") ? URI.create(gitUrl.trim()) : null;
        String origin = git == null ? "https://" + path.host()
                : git.getScheme() + "://" + git.getHost() + (git.getPort() > 0 ? ":" + git.getPort() : "");
        URI api = HostUris.api(apiUrl, origin + "/api/v4");
        String secret = HostUris.token(token, "GitLab", path, api);
        return new GitLabPulls(new RestCalls("GitLab", api, path.path(), "PRIVATE-TOKEN", "",
                Map.of("Accept", "application/json"), ApiToken.fixed(secret), timeout, client), path.path());
    }

    private String requests() {
        return project + "/merge_requests";
    }

    @Override
    public Optional<PullRequest> find(String branch, String base) {
        JsonNode list = api.call("GET", requests() + "?state=all&order_by=created_at&sort=desc&per_page=100&source_branch="
                + encode(branch) + "&target_branch=" + encode(base), null, "list merge requests");
        for (JsonNode mr : list) {
            if (branch.equals(mr.path("source_branch").asText())) return Optional.of(read(mr, false));
        }
        return Optional.empty();
    }

    @Override
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        ObjectNode request = RestCalls.JSON.createObjectNode().put("source_branch", branch).put("target_branch", base)
                .put("title", title(spec)).put("description", body);
        RestCalls.Response r = api.send("POST", requests(), request);
        if (r.status() == 201) return read(r.body(), true);
        if (r.status() == 409 && r.text().contains("already exists")) {
            return find(branch, base).orElseThrow(() -> api.failure("open a merge request", r));
        }
        throw api.failure("open a merge request from " + branch + " into " + base, r);
    }

    private static String title(PullRequestSpec spec) {
        return spec.draft() && !spec.title().startsWith("Draft:") ? "Draft: " + spec.title() : spec.title();
    }

    @Override
    public PullRequest update(PullRequest pr, PullRequestSpec spec, String body) {
        ObjectNode request = RestCalls.JSON.createObjectNode().put("title", title(spec)).put("description", body);
        return read(api.call("PUT", requests() + "/" + pr.number(), request, "update merge request !" + pr.number()),
                pr.created());
    }

    @Override
    public void addLabels(PullRequest pr, List<String> labels) {
        if (labels.isEmpty()) return;
        api.call("PUT", requests() + "/" + pr.number(), RestCalls.JSON.createObjectNode()
                .put("add_labels", String.join(",", labels)), "label merge request !" + pr.number());
    }

    /** GitLab takes reviewers by user ID: a name is looked up first ({@code GET /users?username=}). */
    @Override
    public void requestReviewers(PullRequest pr, List<String> reviewers) {
        if (reviewers.isEmpty()) return;
        ObjectNode request = RestCalls.JSON.createObjectNode();
        var ids = request.putArray("reviewer_ids");
        for (String reviewer : reviewers) {
            if (reviewer.matches("\\d+")) {
                ids.add(Long.parseLong(reviewer));
                continue;
            }
            JsonNode users = api.call("GET", "/users?username=" + encode(reviewer), null, "look up user " + reviewer);
            if (users.isEmpty()) {
                throw new PullRequestException("GitLab has no user '" + reviewer + "' to ask for a review of merge request !"
                        + pr.number());
            }
            ids.add(users.get(0).path("id").asLong());
        }
        api.call("PUT", requests() + "/" + pr.number(), request, "ask for reviews on merge request !" + pr.number());
    }

    @Override
    public PullRequest get(int number) {
        return read(api.call("GET", requests() + "/" + number, null, "read merge request !" + number), false);
    }

    /**
     * GitLab merges when the pipeline succeeds ({@code merge_when_pipeline_succeeds}, {@code auto_merge} from 17.11),
     * or at once when nothing is missing. It has no per-request method: {@code squash} squashes, {@code merge} and
     * {@code rebase} take the project's method. A merge request it is still checking answers 405, so that is asked
     * again a few times.
     */
    @Override
    public String enableAutoMerge(PullRequest pr, String method) {
        ObjectNode request = RestCalls.JSON.createObjectNode().put("merge_when_pipeline_succeeds", true)
                .put("auto_merge", true).put("sha", pr.headSha()).put("squash", method.equals("squash"));
        for (int attempt = 1; ; attempt++) {
            RestCalls.Response r = api.send("PUT", requests() + "/" + pr.number() + "/merge", request);
            if (r.status() == 200) {
                boolean merged = r.body().path("state").asText().equals("merged");
                return merged ? "nothing was missing, so GitLab merged it now" + (method.equals("squash") ? " (squashed)" : "")
                        : "auto-merge is on: GitLab merges it when its pipeline succeeds and its approvals are given";
            }
            if (r.status() != 405 || attempt == 3) {
                throw api.failure("set merge request !" + pr.number() + " to merge when its pipeline succeeds", r);
            }
            get(pr.number());
            Sleeper.SYSTEM.pauseBeforeRetry(java.time.Duration.ofSeconds(1), "merge request !" + pr.number());
        }
    }

    @Override
    public RecentPulls recent(int page, String etag) {
        return api.recent(requests() + "?state=all&order_by=updated_at&sort=desc&per_page=100&page=" + page, etag,
                "list merge requests", body -> body,
                mr -> new RecentPulls.Listed(read(mr, false), RecentPulls.updatedAt(mr.path("updated_at").asText(null))),
                body -> body.size() >= 100);
    }

    /** The list "may not proactively update" the merge status: only a single read says whether it can be merged. */
    @Override
    public boolean listShowsMergeability() {
        return false;
    }

    @Override
    public String watchKey() {
        return api.key();
    }

    private static PullRequest read(JsonNode mr, boolean created) {
        String state = switch (mr.path("state").asText("opened")) {
            case "opened", "locked" -> "open";
            default -> mr.path("state").asText();
        };
        String status = mr.path("detailed_merge_status").asText(null);
        Boolean mergeable = null;
        String mergeState = status;
        if ("mergeable".equals(status) || "can_be_merged".equals(status)) {
            mergeable = true;
            mergeState = "clean";
        } else if ("conflict".equals(status) || mr.path("has_conflicts").asBoolean(false)) {
            mergeable = false;
            mergeState = "dirty";
        } else if (status != null && !List.of("checking", "unchecked", "preparing", "approvals_syncing").contains(status)) {
            mergeable = false;
        }
        String mergeCommit = null;
        if (state.equals("merged")) {
            mergeCommit = text(mr, "merge_commit_sha");
            if (mergeCommit == null) mergeCommit = text(mr, "squash_commit_sha");
            if (mergeCommit == null) mergeCommit = text(mr, "sha");
        }
        return new PullRequest(mr.path("iid").asInt(), mr.path("web_url").asText(), state,
                mr.path("source_branch").asText(), mr.path("target_branch").asText(), text(mr, "sha"), mergeCommit,
                created, state.equals("open") ? mergeable : null, state.equals("open") ? mergeState : null);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) && !node.path(field).asText().isEmpty() ? node.path(field).asText() : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
