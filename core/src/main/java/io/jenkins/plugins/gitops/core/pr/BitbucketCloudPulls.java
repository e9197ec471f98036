package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bitbucket Cloud's pull requests through its API 2.0, for {@code https://bitbucket.org/WORKSPACE/REPO.git}, with an
 * access token (repository, project or workspace) as {@code Bearer}, or a user name and an app password or API token
 * as Basic. Where it differs: a pull request is found with a
 * query ({@code q=source.branch.name="…"}), there are no labels and no auto-merge (both refused before anything is
 * pushed), reviewers are account UUIDs, the API says nothing about mergeability (so a conflict is not seen until a
 * person declines it), and {@code merge_commit.hash} may be abbreviated.
 */
public final class BitbucketCloudPulls implements PullRequestHost {
    private final RestCalls api;
    private final String workspace;
    private final String slug;

    private BitbucketCloudPulls(RestCalls api, String workspace, String slug) {
        this.api = api;
        this.workspace = workspace;
        this.slug = slug;
    }

    /** For the repository at {@code gitUrl}, through {@code apiUrl}; null for {@code https://api.bitbucket.org/2.0}. */
    public static BitbucketCloudPulls forRepository(String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        URI api = HostUris.api(apiUrl, "https://api.bitbucket.org/2.0");
        return forRepository(gitUrl, apiUrl, ApiToken.fixed(HostUris.token(token, "Bitbucket Cloud", path, api)), timeout,
                client);
    }

    /** With a user name and password ({@link ApiToken#basic}) or a token. */
    public static BitbucketCloudPulls forRepository(String gitUrl, String apiUrl, ApiToken token, Duration timeout,
            HttpClient client) {
        RepoPath path = RepoPath.of(gitUrl);
        URI api = HostUris.api(apiUrl, "https://api.bitbucket.org/2.0");
        return new BitbucketCloudPulls(new RestCalls("Bitbucket Cloud", api, path.owner() + "/" + path.repo(),
                "Authorization", "Bearer ", Map.of("Accept", "application/json"), token, timeout, client),
                path.owner(), path.repo());
    }

    private String pulls() {
        return "/repositories/" + workspace + "/" + slug + "/pullrequests";
    }

    @Override
    public void check(PullRequestSpec spec) {
        if (!spec.labels().isEmpty()) {
            throw new IllegalArgumentException("Bitbucket Cloud has no pull-request labels; leave labels out");
        }
        if (spec.autoMerge() != null) {
            throw new IllegalArgumentException("Bitbucket Cloud has no auto-merge; leave autoMerge out and merge it there");
        }
        for (String reviewer : spec.reviewers()) {
            if (!reviewer.matches("\\{[0-9a-fA-F-]{36}}")) {
                throw new IllegalArgumentException("Bitbucket Cloud takes reviewers by account UUID ({…}), not '"
                        + reviewer + "'");
            }
        }
    }

    @Override
    public Optional<PullRequest> find(String branch, String base) {
        String q = "source.branch.name=\"" + branch + "\" AND destination.branch.name=\"" + base + "\"";
        JsonNode page = api.call("GET", pulls() + "?state=OPEN&state=MERGED&state=DECLINED&pagelen=50&q=" + encode(q),
                null, "list pull requests");
        for (JsonNode pr : page.path("values")) return Optional.of(read(pr, false));
        return Optional.empty();
    }

    /** The description of this API declares no "already exists" answer: a refusal is followed by a look for ours. */
    @Override
    public PullRequest open(String branch, String base, PullRequestSpec spec, String body) {
        check(spec);
        ObjectNode request = RestCalls.JSON.createObjectNode().put("title", spec.title()).put("description", body)
                .put("draft", spec.draft());
        request.putObject("source").putObject("branch").put("name", branch);
        request.putObject("destination").putObject("branch").put("name", base);
        ArrayNode reviewers = request.putArray("reviewers");
        spec.reviewers().forEach(uuid -> reviewers.addObject().put("uuid", uuid));
        RestCalls.Response r = api.send("POST", pulls(), request);
        if (r.status() == 201) return read(r.body(), true);
        if (r.status() == 400 || r.status() == 409) {
            Optional<PullRequest> found = find(branch, base);
            if (found.isPresent()) return found.get();
        }
        throw api.failure("open a pull request from " + branch + " into " + base, r);
    }

    @Override
    public PullRequest update(PullRequest pr, PullRequestSpec spec, String body) {
        return read(api.call("PUT", pulls() + "/" + pr.number(), RestCalls.JSON.createObjectNode().put("title", spec.title())
                .put("description", body), "update pull request #" + pr.number()), pr.created());
    }

    @Override
    public void addLabels(PullRequest pr, List<String> labels) {
        if (!labels.isEmpty()) throw new IllegalArgumentException("Bitbucket Cloud has no pull-request labels");
    }

    /** Reviewers are given when it is opened; on a pull request of an earlier run, the set is replaced with ours added. */
    @Override
    public void requestReviewers(PullRequest pr, List<String> reviewers) {
        if (reviewers.isEmpty() || pr.created()) return;
        JsonNode current = api.call("GET", pulls() + "/" + pr.number(), null, "read pull request #" + pr.number());
        List<String> all = new ArrayList<>();
        current.path("reviewers").forEach(r -> all.add(r.path("uuid").asText()));
        reviewers.stream().filter(uuid -> !all.contains(uuid)).forEach(all::add);
        ObjectNode request = RestCalls.JSON.createObjectNode().put("title", current.path("title").asText());
        ArrayNode set = request.putArray("reviewers");
        all.forEach(uuid -> set.addObject().put("uuid", uuid));
        api.call("PUT", pulls() + "/" + pr.number(), request, "ask for reviews on pull request #" + pr.number());
    }

    @Override
    public PullRequest get(int number) {
        return read(api.call("GET", pulls() + "/" + number, null, "read pull request #" + number), false);
    }

    @Override
    public String enableAutoMerge(PullRequest pr, String method) {
        throw new IllegalArgumentException("Bitbucket Cloud has no auto-merge");
    }

    @Override
    public RecentPulls recent(int page, String etag) {
        return api.recent(pulls() + "?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED&sort=-updated_on&pagelen=50"
                + "&page=" + page, etag, "list pull requests", body -> body.path("values"),
                pr -> new RecentPulls.Listed(read(pr, false), RecentPulls.updatedAt(pr.path("updated_on").asText(null))),
                body -> body.hasNonNull("next"));
    }

    /** The list says all the API says about a pull request: its state and merge commit. */
    @Override
    public boolean listShowsMergeability() {
        return true;
    }

    @Override
    public String watchKey() {
        return api.key();
    }

    private static PullRequest read(JsonNode pr, boolean created) {
        String state = switch (pr.path("state").asText("OPEN")) {
            case "MERGED" -> "merged";
            case "DECLINED", "SUPERSEDED" -> "closed";
            default -> "open";
        };
        return new PullRequest(pr.path("id").asInt(), pr.path("links").path("html").path("href").asText(""), state,
                pr.path("source").path("branch").path("name").asText(),
                pr.path("destination").path("branch").path("name").asText(),
                pr.path("source").path("commit").path("hash").asText(null),
                state.equals("merged") ? pr.path("merge_commit").path("hash").asText(null) : null, created, null, null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
