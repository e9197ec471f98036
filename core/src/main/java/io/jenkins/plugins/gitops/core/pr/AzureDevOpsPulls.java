package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure DevOps Services' (and Server's) pull requests through the Git REST API 7.1, for the repository of a
 * {@code https://dev.azure.com/ORG/PROJECT/_git/REPO} URL. Where it differs: the token is a personal access token
 * sent as Basic with an empty user name, refs are full names ({@code refs/heads/…}), "already exists" is a 409
 * (TF401179), reviewers are identity IDs, a draft is {@code isDraft}, merged is {@code completed} and closed is
 * {@code abandoned}, whether it can be merged is {@code mergeStatus}, and the merge commit is
 * {@code lastMergeCommit.commitId} once completed. Auto-merge is auto-complete, set by the identity that opened it.
 */
public final class AzureDevOpsPulls implements PullRequestHost {
    private static final String VERSION = "api-version=7.1";
    private static final java.util.regex.Pattern IDENTITY_ID =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final RestCalls api;

    private AzureDevOpsPulls(RestCalls api) {
        this.api = api;
    }

    /** For the repository at {@code gitUrl}; {@code apiUrl} replaces its scheme and host ({@code https://dev.azure.com}). */
    public static AzureDevOpsPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        return forRepository(gitUrl, apiUrl, token == null || token.isBlank() ? null : ApiToken.basic("", token.trim()),
                timeout, client);
    }

    /** With a user name and personal access token ({@link ApiToken#basic}); a token alone gets an empty user name. */
    public static AzureDevOpsPulls forRepository(String gitUrl, String apiUrl, ApiToken token, Duration timeout,
            HttpClient client) {
        URI git = URI.create(gitUrl.trim());
        String path = git.getRawPath() == null ? "" : git.getRawPath().replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
        int at = path.indexOf("/_git/");
        if (git.getHost() == null || at < 0 || path.substring(at + 6).contains("/")) {
            throw new IllegalArgumentException("Cannot tell the organization, project and repository from " + gitUrl
                    + ": Azure DevOps URLs look like https://dev.azure.com/ORG/PROJECT/_git/REPO");
        }
        String repository = path.substring(at + 6);
        String base = git.getScheme() + "://" + git.getHost() + (git.getPort() > 0 ? ":" + git.getPort() : "");
        URI api = HostUris.api(apiUrl == null || apiUrl.isBlank() ? null : apiUrl.replaceAll("/+$", "") + "/"
                + path.substring(0, at) + "/_apis/git/repositories/" + repository, base + "/" + path.substring(0, at)
                + "/_apis/git/repositories/" + repository);
        if (token == null) HostUris.token(null, "Azure DevOps", RepoPath.of(gitUrl), api);
        ApiToken basic = token instanceof ApiToken.Basic ? token : ApiToken.basic("", token.current());
        return new AzureDevOpsPulls(new RestCalls("Azure DevOps", api, path.substring(0, at) + "/" + repository,
                "Authorization", "Basic ", Map.of("Accept", "application/json"), basic, timeout, client));
    }

    @Override
    public void check(PullRequestSpec spec) {
        for (String reviewer : spec.reviewers()) {
            if (!IDENTITY_ID.matcher(reviewer).matches()) {
                throw new IllegalArgumentException("Azure DevOps takes reviewers by identity ID (a GUID), not '"
                        + reviewer + "'");
            }
        }
    }

    @Override
    public Optional<PullRequest> find(String branch, String base) {
        JsonNode list = api.call("GET", "/pullrequests?searchCriteria.status=all&searchCriteria.sourceRefName="
                + encode("refs/heads/" + branch) + "&searchCriteria.targetRefName=" + encode("refs/heads/" + base)
                + "&" + VERSION, null, "list pull requests");
        for (JsonNode pr : list.path("value")) return Optional.of(read(pr, false));
        return Optional.empty();
    }

    @Override
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        check(spec);
        ObjectNode request = RestCalls.JSON.createObjectNode().put("sourceRefName", "refs/heads/" + branch)
                .put("targetRefName", "refs/heads/" + base).put("title", spec.title()).put("description", body)
                .put("isDraft", spec.draft());
        spec.reviewers().forEach(id -> request.withArray("reviewers").addObject().put("id", id));
        RestCalls.Response r = api.send("POST", "/pullrequests?" + VERSION, request);
        if (r.status() == 201 || r.status() == 200) return read(r.body(), true);
        if (r.status() == 409 && r.text().contains("TF401179")) {
            return find(branch, base).orElseThrow(() -> api.failure("open a pull request", r));
        }
        throw api.failure("open a pull request from " + branch + " into " + base, r);
    }

    @Override
    public PullRequest update(PullRequest pr, PullRequestSpec spec, String body) {
        return read(api.call("PATCH", "/pullrequests/" + pr.number() + "?" + VERSION, RestCalls.JSON.createObjectNode()
                .put("title", spec.title()).put("description", body), "update pull request " + pr.number()), pr.created());
    }

    @Override
    public void addLabels(PullRequest pr, List<String> labels) {
        for (String label : labels) {
            api.call("POST", "/pullRequests/" + pr.number() + "/labels?" + VERSION,
                    RestCalls.JSON.createObjectNode().put("name", label), "label pull request " + pr.number());
        }
    }

    @Override
    public void requestReviewers(PullRequest pr, List<String> reviewers) {
        for (String id : reviewers) {
            api.call("PUT", "/pullRequests/" + pr.number() + "/reviewers/" + id + "?" + VERSION,
                    RestCalls.JSON.createObjectNode().put("vote", 0).put("id", id), "ask for a review of " + pr.number());
        }
    }

    @Override
    public PullRequest get(int number) {
        return read(api.call("GET", "/pullrequests/" + number + "?" + VERSION, null, "read pull request " + number), false);
    }

    /** Auto-complete, set by the identity that opened it, with the merge strategy asked for. */
    @Override
    public String enableAutoMerge(PullRequest pr, String method) {
        JsonNode current = api.call("GET", "/pullrequests/" + pr.number() + "?" + VERSION, null,
                "read pull request " + pr.number());
        ObjectNode request = RestCalls.JSON.createObjectNode();
        request.putObject("autoCompleteSetBy").put("id", current.path("createdBy").path("id").asText());
        request.putObject("completionOptions").put("mergeStrategy", switch (method) {
            case "squash" -> "squash";
            case "rebase" -> "rebase";
            default -> "noFastForward";
        });
        JsonNode answer = api.call("PATCH", "/pullrequests/" + pr.number() + "?" + VERSION, request,
                "set pull request " + pr.number() + " to complete automatically");
        return answer.path("status").asText().equals("completed")
                ? "its policies pass, so Azure DevOps completed it now (" + method + ")"
                : "auto-complete (" + method + ") is on: Azure DevOps completes it once its policies pass";
    }

    @Override
    public RecentPulls recent(int page, String etag) {
        return api.recent("/pullrequests?searchCriteria.status=all&$top=100&$skip=" + (page - 1) * 100 + "&" + VERSION,
                etag, "list pull requests", body -> body.path("value"),
                pr -> new RecentPulls.Listed(read(pr, false), RecentPulls.updatedAt(pr.hasNonNull("closedDate")
                        ? pr.path("closedDate").asText() : pr.path("creationDate").asText())),
                body -> body.path("value").size() >= 100);
    }

    @Override
    public boolean listShowsMergeability() {
        return false;
    }

    @Override
    public String watchKey() {
        return api.key();
    }

    private static PullRequest read(JsonNode pr, boolean created) {
        String status = pr.path("status").asText("active");
        String state = status.equals("completed") ? "merged" : status.equals("abandoned") ? "closed" : "open";
        String merge = pr.path("mergeStatus").asText("");
        Boolean mergeable = switch (merge) {
            case "succeeded" -> true;
            case "conflicts", "rejectedByPolicy", "failure" -> false;
            default -> null;
        };
        String mergeState = !state.equals("open") || mergeable == null ? null
                : merge.equals("conflicts") ? "dirty" : pr.path("isDraft").asBoolean() ? "draft"
                : mergeable ? "clean" : "blocked";
        String url = pr.path("repository").path("remoteUrl").asText("") + "/pullrequest/" + pr.path("pullRequestId").asInt();
        return new PullRequest(pr.path("pullRequestId").asInt(), url, state,
                pr.path("sourceRefName").asText().replaceFirst("^refs/heads/", ""),
                pr.path("targetRefName").asText().replaceFirst("^refs/heads/", ""),
                pr.path("lastMergeSourceCommit").path("commitId").asText(null),
                state.equals("merged") ? pr.path("lastMergeCommit").path("commitId").asText(null) : null, created,
                state.equals("open") ? mergeable : null, mergeState);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
