package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bitbucket Data Center's (and Server's) pull requests through its REST API 1.0 ({@code /rest/api/latest}), for the
 * repository {@code PROJECT/slug} of a {@code https://HOST/scm/PROJECT/slug.git} URL, with an HTTP access token
 * ({@code Bearer}) or a user name and password (Basic). Where it differs: a pull request
 * is found by its source ref ({@code at=refs/heads/…&direction=OUTGOING}), "already exists" is a 409 that carries the
 * existing one, an edit or a merge names the pull request's {@code version} (optimistic locking), there are no labels,
 * whether it can be merged is a read of its own ({@code …/merge}: a conflict, or the merge checks' vetoes, named), and
 * the merge commit is {@code properties.mergeCommit.id}.
 */
public final class BitbucketDcPulls implements PullRequestHost {
    private final RestCalls api;
    private final String project;
    private final String slug;

    private BitbucketDcPulls(RestCalls api, String project, String slug) {
        this.api = api;
        this.project = project;
        this.slug = slug;
    }

    /** For the repository at {@code gitUrl}, through {@code apiUrl}; null for {@code SCHEME://HOST/rest}. */
    public static BitbucketDcPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        String secret = HostUris.token(token, "Bitbucket Data Center", RepoPath.of(gitUrl), api(gitUrl, apiUrl));
        return forRepository(gitUrl, apiUrl, ApiToken.fixed(secret), timeout, client);
    }

    /** {@code SCHEME://HOST[:PORT][/CONTEXT]/rest}: what comes before {@code /scm/} in an HTTP URL, or the SSH host. */
    private static URI api(String gitUrl, String apiUrl) {
        String url = gitUrl.trim();
        int scm = url.indexOf("/scm/");
        String base = url.matches("^https?://.*") && scm > 0 ? url.substring(0, scm).replaceFirst("//[^/@]*@", "//")
                : "https://" + RepoPath.of(gitUrl).host();
        return HostUris.api(apiUrl, base + "/rest");
    }

    /** With a user name and password ({@link ApiToken#basic}) or a token. */
    public static BitbucketDcPulls forRepository(String gitUrl, String apiUrl, ApiToken token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        return new BitbucketDcPulls(new RestCalls("Bitbucket Data Center", api(gitUrl, apiUrl), path.owner() + "/" + path.repo(),
                "Authorization", "Bearer ", Map.of("Accept", "application/json"), token, timeout, client),
                path.owner(), path.repo());
    }

    private String pulls() {
        return "/api/latest/projects/" + project + "/repos/" + slug + "/pull-requests";
    }

    @Override
    public Optional<PullRequest> find(String branch, String base) {
        JsonNode page = api.call("GET", pulls() + "?state=ALL&order=NEWEST&direction=OUTGOING&limit=100&at="
                + encode("refs/heads/" + branch), null, "list pull requests");
        for (JsonNode pr : page.path("values")) {
            if (pr.path("toRef").path("displayId").asText().equals(base)
                    && pr.path("fromRef").path("displayId").asText().equals(branch)) {
                return Optional.of(read(pr, false, null));
            }
        }
        return Optional.empty();
    }

    @Override
    public void check(PullRequestSpec spec) {
        if (!spec.labels().isEmpty()) {
            throw new IllegalArgumentException("Bitbucket Data Center has no pull-request labels; leave labels out");
        }
    }

    @Override
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        check(spec);
        ObjectNode request = RestCalls.JSON.createObjectNode().put("title", spec.title()).put("description", body)
                .put("draft", spec.draft());
        ref(request.putObject("fromRef"), branch);
        ref(request.putObject("toRef"), base);
        RestCalls.Response r = api.send("POST", pulls(), request);
        if (r.status() == 201) return read(r.body(), true, null);
        JsonNode existing = r.body().path("errors").path(0).path("existingPullRequest");
        if (r.status() == 409 && existing.isObject()) return read(existing, false, null);
        throw api.failure("open a pull request from " + branch + " into " + base, r);
    }

    private void ref(ObjectNode ref, String branch) {
        ref.put("id", "refs/heads/" + branch);
        ref.putObject("repository").put("slug", slug).putObject("project").put("key", project);
    }

    @Override
    public PullRequest update(PullRequest pr, PullRequestSpec spec, String body) {
        ObjectNode request = RestCalls.JSON.createObjectNode().put("version", version(pr.number()))
                .put("title", spec.title()).put("description", body);
        return read(api.call("PUT", pulls() + "/" + pr.number(), request, "update pull request #" + pr.number()),
                pr.created(), null);
    }

    /** Bitbucket has no labels: {@link #open} refuses them before anything is pushed. */
    @Override
    public void addLabels(PullRequest pr, List<String> labels) {
        if (!labels.isEmpty()) throw new IllegalArgumentException("Bitbucket Data Center has no pull-request labels");
    }

    @Override
    public void requestReviewers(PullRequest pr, List<String> reviewers) {
        for (String reviewer : reviewers) {
            ObjectNode request = RestCalls.JSON.createObjectNode().put("role", "REVIEWER");
            request.putObject("user").put("name", reviewer);
            api.call("POST", pulls() + "/" + pr.number() + "/participants", request,
                    "ask " + reviewer + " for a review of pull request #" + pr.number());
        }
    }

    /** The pull request, and for an open one whether it can be merged ({@code …/merge}), in two reads. */
    @Override
    public PullRequest get(int number) {
        JsonNode pr = api.call("GET", pulls() + "/" + number, null, "read pull request #" + number);
        JsonNode mergeability = pr.path("state").asText().equals("OPEN")
                ? api.call("GET", pulls() + "/" + number + "/merge", null, "read whether #" + number + " can be merged")
                : null;
        return read(pr, false, mergeability);
    }

    /** The pull request and its merge status. */
    @Override
    public int readCost() {
        return 2;
    }

    @Override
    public String enableAutoMerge(PullRequest pr, String method) {
        ObjectNode request = RestCalls.JSON.createObjectNode().put("autoMerge", true).put("strategyId", strategy(method));
        RestCalls.Response r = api.send("POST", pulls() + "/" + pr.number() + "/merge?version=" + version(pr.number()),
                request);
        if (r.status() == 403) {
            throw new PullRequestException("Bitbucket Data Center (" + project + "/" + slug + ") does not allow auto-merge"
                    + " for pull request #" + pr.number() + ": " + r.body().path("errors").path(0).path("message").asText());
        }
        if (r.status() / 100 != 2) throw api.failure("set pull request #" + pr.number() + " to merge", r);
        return r.body().path("state").asText().equals("MERGED")
                ? "its merge checks pass, so Bitbucket merged it now (" + method + ")"
                : "auto-merge (" + method + ") is on: Bitbucket merges it once its merge checks pass";
    }

    private static String strategy(String method) {
        return switch (method) {
            case "squash" -> "squash";
            case "rebase" -> "rebase-no-ff";
            default -> "no-ff";
        };
    }

    /** The merge checks' vetoes (approvals, builds), which {@link #get} already reads into {@code blocked}. */
    @Override
    public Blockers blockers(PullRequest pr) {
        JsonNode mergeability = api.call("GET", pulls() + "/" + pr.number() + "/merge", null,
                "read whether #" + pr.number() + " can be merged");
        List<String> vetoes = new ArrayList<>();
        for (JsonNode veto : mergeability.path("vetoes")) vetoes.add("'" + veto.path("summaryMessage").asText() + "' (a merge check)");
        return new Blockers(List.of(), vetoes, List.of());
    }

    @Override
    public int blockersCost() {
        return 1;
    }

    @Override
    public RecentPulls recent(int page, String etag) {
        return api.recent(pulls() + "?state=ALL&order=NEWEST&limit=100&start=" + (page - 1) * 100, etag,
                "list pull requests", body -> body.path("values"),
                pr -> new RecentPulls.Listed(read(pr, false, null), Instant.ofEpochMilli(pr.path("updatedDate").asLong())),
                body -> !body.path("isLastPage").asBoolean(true));
    }

    @Override
    public boolean listShowsMergeability() {
        return false;
    }

    @Override
    public String watchKey() {
        return api.key();
    }

    private long version(int number) {
        return api.call("GET", pulls() + "/" + number, null, "read pull request #" + number).path("version").asLong();
    }

    private static PullRequest read(JsonNode pr, boolean created, JsonNode mergeability) {
        String state = switch (pr.path("state").asText("OPEN")) {
            case "MERGED" -> "merged";
            case "DECLINED" -> "closed";
            default -> "open";
        };
        Boolean mergeable = null;
        String mergeState = null;
        if (mergeability != null) {
            boolean conflicted = mergeability.path("conflicted").asBoolean(false)
                    || mergeability.path("outcome").asText().equals("CONFLICTED");
            boolean vetoed = mergeability.path("vetoes").size() > 0;
            if (conflicted) {
                mergeable = false;
                mergeState = "dirty";
            } else if (!mergeability.path("outcome").asText().equals("UNKNOWN")) {
                mergeable = !vetoed;
                mergeState = vetoed ? "blocked" : pr.path("draft").asBoolean() ? "draft" : "clean";
            }
        }
        String mergeCommit = state.equals("merged")
                ? pr.path("properties").path("mergeCommit").path("id").asText(null) : null;
        String url = pr.path("links").path("self").path(0).path("href").asText("");
        return new PullRequest(pr.path("id").asInt(), url, state, pr.path("fromRef").path("displayId").asText(),
                pr.path("toRef").path("displayId").asText(), pr.path("fromRef").path("latestCommit").asText(null),
                mergeCommit, created, mergeable, mergeState);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
