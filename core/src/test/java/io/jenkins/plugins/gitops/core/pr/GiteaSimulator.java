package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;

/**
 * Gitea's pull-request API v1 for one repository, in the shapes of {@code shared/pr-apis/gitea.json}, over a real
 * bare repository: errors are JSON bodies {@code {message, url}}, a second open pull request from the same branch is
 * a 409 worded as Gitea's source words it, an edit answers 201, the list pages with {@code limit} and {@code page} and
 * has no head filter, and {@code merge_commit_sha} is set only by a merge.
 */
public final class GiteaSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = SimulatedApi.JSON;
    private static final Pattern PULLS = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)/pulls$");
    private static final Pattern PULL = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)/pulls/(\\d+)$");
    private static final Pattern MERGE = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)/pulls/(\\d+)/merge$");
    private static final Pattern REVIEWERS = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)/pulls/(\\d+)/requested_reviewers$");
    private static final Pattern LABELS = Pattern.compile("^/api/v1/repos/([^/]+)/([^/]+)/issues/(\\d+)/labels$");

    private final Server server;
    private final String owner;
    private final String repo;
    private final String token;
    private final SimulatedRepository repository;
    private final Map<Integer, ObjectNode> pulls = new TreeMap<>();
    private final Map<Integer, String> scheduledMerges = new TreeMap<>();
    private boolean checksPending;
    private int next = 7;
    private boolean hideFromNextList;

    public GiteaSimulator(String owner, String repo, String token, Path bare) throws Exception {
        this.owner = owner;
        this.repo = repo;
        this.token = token;
        this.repository = new SimulatedRepository(bare);
        this.server = SimulatedApi.start(this::handle);
    }

    public String apiUrl() {
        return SimulatedApi.url(server) + "/api/v1";
    }

    public synchronized ObjectNode pull(int number) {
        return pulls.get(number);
    }

    public synchronized int count() {
        return pulls.size();
    }

    public synchronized void hideFromNextList() {
        hideFromNextList = true;
    }

    /** Required status checks that have not passed yet: a merge when checks succeed waits for {@link #passChecks}. */
    public synchronized void holdChecks() {
        checksPending = true;
    }

    /** The required checks pass; merges scheduled to wait for them are made. */
    public synchronized void passChecks() {
        checksPending = false;
        for (var scheduled : Map.copyOf(scheduledMerges).entrySet()) {
            scheduledMerges.remove(scheduled.getKey());
            merge(scheduled.getKey(), scheduled.getValue());
        }
    }

    /** Merges with a merge commit, as Gitea's "Create merge commit" does, and returns it. */
    public synchronized String merge(int number) {
        return merge(number, "merge");
    }

    /** Merges by {@code method} ({@code merge}, {@code squash}, {@code rebase}), as the merge form's {@code Do}. */
    public synchronized String merge(int number, String method) {
        ObjectNode pr = pulls.get(number);
        String sha = repository.merge(pr.path("base").path("ref").asText(), pr.path("head").path("ref").asText(), method,
                "Merge pull request '" + pr.path("title").asText() + "' (#" + number + ")");
        pr.put("state", "closed").put("merged", true).put("merged_at", SimulatedApi.now()).put("merge_commit_sha", sha)
                .put("closed_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now()).put("mergeable", false);
        return sha;
    }

    private synchronized void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (!("token " + token).equals(request.getHeader("Authorization"))) {
            error(response, 401, "token is required");
            return;
        }
        Matcher m;
        if ((m = MERGE.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            mergeForm(Integer.parseInt(m.group(3)), JSON.readTree(request.getInputStream()), response);
        } else if ((m = PULLS.matcher(path)).matches() && ours(m)) {
            if (request.getMethod().equals("POST")) {
                create(JSON.readTree(request.getInputStream()), response);
            } else {
                list(request, response);
            }
        } else if ((m = PULL.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            ObjectNode pr = pulls.get(Integer.parseInt(m.group(3)));
            if (request.getMethod().equals("PATCH")) {
                JsonNode edit = JSON.readTree(request.getInputStream());
                if (edit.has("title")) pr.put("title", edit.path("title").asText());
                if (edit.has("body")) pr.put("body", edit.path("body").asText());
                pr.put("updated_at", SimulatedApi.now());
                SimulatedApi.send(response, 201, pr);
                return;
            }
            checkConflicts(pr);
            SimulatedApi.send(response, 200, pr);
        } else if ((m = LABELS.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            ArrayNode labels = (ArrayNode) pulls.get(Integer.parseInt(m.group(3))).path("labels");
            for (JsonNode name : JSON.readTree(request.getInputStream()).path("labels")) {
                if (!labels.findValuesAsText("name").contains(name.asText())) {
                    labels.addObject().put("id", labels.size() + 1).put("name", name.asText()).put("color", "e11d21")
                            .put("exclusive", false).put("is_archived", false);
                }
            }
            SimulatedApi.send(response, 200, labels);
        } else if ((m = REVIEWERS.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            ObjectNode pr = pulls.get(Integer.parseInt(m.group(3)));
            ArrayNode reviewers = (ArrayNode) pr.path("requested_reviewers");
            for (JsonNode login : JSON.readTree(request.getInputStream()).path("reviewers")) {
                reviewers.addObject().put("login", login.asText()).put("id", reviewers.size() + 2);
            }
            SimulatedApi.send(response, 201, JSON.createArrayNode());
        } else {
            error(response, 404, "The target couldn't be found.");
        }
    }

    private boolean ours(Matcher m) {
        return m.group(1).equals(owner) && m.group(2).equals(repo);
    }

    private void create(JsonNode body, HttpServletResponse response) throws IOException {
        String head = body.path("head").asText();
        String base = body.path("base").asText();
        String headSha = repository.tip(head);
        String baseSha = repository.tip(base);
        if (headSha == null || baseSha == null) {
            error(response, 404, "The target couldn't be found.");
            return;
        }
        for (ObjectNode pr : pulls.values()) {
            if (pr.path("head").path("ref").asText().equals(head) && pr.path("base").path("ref").asText().equals(base)
                    && pr.path("state").asText().equals("open")) {
                error(response, 409, "pull request already exists for these targets [id: " + pr.path("id").asInt()
                        + ", issue_id: " + pr.path("number").asInt() + ", head_repo_id: 1, base_repo_id: 1, head_branch: "
                        + head + ", base_branch: " + base + "]");
                return;
            }
        }
        int number = next++;
        ObjectNode pr = JSON.createObjectNode().put("id", number + 100).put("url",
                "https://gitea.example.com/" + owner + "/" + repo + "/pulls/" + number).put("number", number);
        pr.putObject("user").put("id", 1).put("login", "gitops-bot");
        pr.put("title", body.path("title").asText()).put("body", body.path("body").asText(""));
        pr.putArray("labels");
        pr.putNull("milestone");
        pr.putArray("assignees");
        pr.putArray("requested_reviewers");
        pr.put("state", "open").put("draft", body.path("title").asText().startsWith("WIP:")).put("is_locked", false)
                .put("comments", 0).put("html_url", "https://gitea.example.com/" + owner + "/" + repo + "/pulls/" + number)
                .put("mergeable", true).put("merged", false).putNull("merged_at").putNull("merge_commit_sha")
                .putNull("merged_by").put("allow_maintainer_edit", false).put("merge_base", baseSha)
                .put("created_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now()).putNull("closed_at");
        side(pr.putObject("base"), base, baseSha);
        side(pr.putObject("head"), head, headSha);
        pulls.put(number, pr);
        SimulatedApi.send(response, 201, pr);
    }

    private void side(ObjectNode side, String ref, String sha) {
        side.put("label", ref).put("ref", ref).put("sha", sha).put("repo_id", 1);
        side.putObject("repo").put("id", 1).put("name", repo).put("full_name", owner + "/" + repo);
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode page = JSON.createArrayNode();
        if (hideFromNextList) {
            hideFromNextList = false;
            SimulatedApi.send(response, 200, page);
            return;
        }
        String state = request.getParameter("state") == null ? "open" : request.getParameter("state");
        int limit = request.getParameter("limit") == null ? 30 : Integer.parseInt(request.getParameter("limit"));
        int number = request.getParameter("page") == null ? 1 : Integer.parseInt(request.getParameter("page"));
        List<ObjectNode> newestFirst = new ArrayList<>(pulls.values());
        java.util.Collections.reverse(newestFirst);
        if ("recentupdate".equals(request.getParameter("sort"))) {
            newestFirst.sort((a, b) -> b.path("updated_at").asText().compareTo(a.path("updated_at").asText()));
        }
        newestFirst.forEach(this::checkConflicts);
        newestFirst.removeIf(pr -> !state.equals("all") && !state.equals(pr.path("state").asText()));
        newestFirst.stream().skip((long) (number - 1) * limit).limit(limit).forEach(page::add);
        SimulatedApi.send(response, 200, page);
    }

    /**
     * {@code POST …/merge}: with {@code merge_when_checks_succeed} and checks pending the merge is scheduled (200,
     * empty), a second schedule is a 409; otherwise it merges now (200, empty) or, when it cannot, answers 405.
     */
    private void mergeForm(int number, JsonNode form, HttpServletResponse response) throws IOException {
        ObjectNode pr = pulls.get(number);
        String method = form.path("Do").asText("merge");
        if (!pr.path("state").asText().equals("open")) {
            response.setStatus(405);
        } else if (checksPending && form.path("merge_when_checks_succeed").asBoolean()) {
            if (scheduledMerges.containsKey(number)) {
                error(response, 409, "pull request is already scheduled to auto merge when checks succeed");
                return;
            }
            scheduledMerges.put(number, method);
            response.setStatus(200);
        } else if (checksPending || !repository.mergesCleanly(pr.path("base").path("ref").asText(),
                pr.path("head").path("ref").asText())) {
            error(response, 405, "Please try again later");
        } else {
            merge(number, method);
            response.setStatus(200);
        }
    }

    /** Gitea's pull request checker, which tests open pull requests for conflicts when a branch moves. */
    private void checkConflicts(ObjectNode pr) {
        if (pr.path("state").asText().equals("open")) {
            pr.put("mergeable", repository.mergesCleanly(pr.path("base").path("ref").asText(),
                    pr.path("head").path("ref").asText()));
        }
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        SimulatedApi.send(response, status, JSON.createObjectNode().put("message", message).put("url", apiUrl() + "/swagger"));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
