package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What GitHub's and Gitea's pull-request APIs have in common for one repository: editing, labels, reviewers and
 * reading one pull request at {@code /repos/OWNER/REPO/...}. Each host reads its own pull-request shape.
 */
abstract class RepoPulls implements PullRequestHost {
    final RestCalls api;
    final String owner;
    final String repo;

    RepoPulls(RestCalls api, String owner, String repo) {
        this.api = api;
        this.owner = owner;
        this.repo = repo;
    }

    /** The host's pull request as ours; {@code created} says whether this run opened it. */
    abstract PullRequest read(JsonNode pr, boolean created);

    /** The query of one page of pull requests, most recently updated first, and how many a full page holds. */
    abstract String recentQuery(int page);

    abstract int recentPageSize();

    /** The title as the host is to show it. */
    String title(PullRequestSpec spec) {
        return spec.title();
    }

    final String pulls() {
        return "/repos/" + owner + "/" + repo + "/pulls";
    }

    @Override
    public PullRequest update(PullRequest pr, PullRequestSpec spec, String body) {
        ObjectNode request = RestCalls.JSON.createObjectNode().put("title", title(spec)).put("body", body);
        return read(api.call("PATCH", pulls() + "/" + pr.number(), request, "update pull request #" + pr.number()),
                pr.created());
    }

    @Override
    public void addLabels(PullRequest pr, List<String> labels) {
        if (labels.isEmpty()) return;
        ObjectNode request = RestCalls.JSON.createObjectNode();
        labels.forEach(request.putArray("labels")::add);
        api.call("POST", "/repos/" + owner + "/" + repo + "/issues/" + pr.number() + "/labels", request,
                "label pull request #" + pr.number());
    }

    @Override
    public void requestReviewers(PullRequest pr, List<String> reviewers) {
        if (reviewers.isEmpty()) return;
        ObjectNode request = RestCalls.JSON.createObjectNode();
        reviewers.forEach(request.putArray("reviewers")::add);
        api.call("POST", pulls() + "/" + pr.number() + "/requested_reviewers", request,
                "ask for reviews on pull request #" + pr.number());
    }

    @Override
    public PullRequest get(int number) {
        return read(api.call("GET", pulls() + "/" + number, null, "read pull request #" + number), false);
    }

    @Override
    public RecentPulls recent(int page, String etag) {
        return api.recent(pulls() + recentQuery(page), etag, "list pull requests", body -> body,
                pr -> new RecentPulls.Listed(read(pr, false), RecentPulls.updatedAt(pr.path("updated_at").asText(null))),
                body -> body.size() >= recentPageSize());
    }

    @Override
    public String watchKey() {
        return api.key();
    }

    /** Opens, or finds the one the host says already exists ({@code existsStatus} is how it says so). */
    final PullRequest open(String branch, String base, ObjectNode request, int existsStatus) {
        RestCalls.Response r = api.send("POST", pulls(), request);
        if (r.status() == 201) return read(r.body(), true);
        if (r.status() == existsStatus && r.text().contains("already exists")) {
            return find(branch, base).orElseThrow(() -> api.failure("open a pull request", r));
        }
        throw api.failure("open a pull request from " + branch + " into " + base, r);
    }
}
