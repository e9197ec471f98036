package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;

/**
 * GitLab's merge-request REST API v4 for one project, in the shapes of {@code shared/pr-apis/gitlab.json}, over a
 * real bare repository: the project is named by its URL-encoded path, a second open merge request from one branch is
 * refused with a 409 whose {@code message} is a list naming it, a single read works out the merge status (first
 * {@code checking}, then {@code mergeable} or {@code conflict}, by git itself) while the list keeps the status it last
 * stored, a merge makes a real merge commit and a squash merge a squash commit. {@code GET /users?username=} (GitLab's
 * users API, not in the extract) answers for the users added. A wrong {@code PRIVATE-TOKEN} gets 401.
 */
public final class GitLabSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = SimulatedApi.JSON;
    private static final Pattern REQUESTS = Pattern.compile("^/api/v4/projects/([^/]+)/merge_requests$");
    private static final Pattern MERGE = Pattern.compile("^/api/v4/projects/([^/]+)/merge_requests/(\\d+)/merge$");
    private static final Pattern REQUEST = Pattern.compile("^/api/v4/projects/([^/]+)/merge_requests/(\\d+)$");

    private final Server server;
    private final String project;
    private final String token;
    private final SimulatedRepository repository;
    private final Map<Integer, ObjectNode> requests = new TreeMap<>();
    private final Map<String, Integer> users = new TreeMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private int iids = 40;
    private int rateLimitedFor;
    private boolean hideFromNextList;
    private boolean approvalRequired;

    /** @param project the project's path, {@code group/name} */
    public GitLabSimulator(String project, String token, Path bare) throws Exception {
        this.project = project;
        this.token = token;
        this.repository = new SimulatedRepository(bare);
        this.server = SimulatedApi.start(this::handle);
    }

    /** The API's base, {@code http://127.0.0.1:PORT/api/v4}. */
    public String apiUrl() {
        return SimulatedApi.url(server) + "/api/v4";
    }

    public List<String> requests() {
        return List.copyOf(seen);
    }

    public synchronized void addUser(String username, int id) {
        users.put(username, id);
    }

    public synchronized ObjectNode mergeRequest(int iid) {
        return requests.get(iid).deepCopy();
    }

    public synchronized int count() {
        return requests.size();
    }

    /** The next list misses the existing merge requests, as a list read just before another run's create. */
    public synchronized void hideFromNextList() {
        hideFromNextList = true;
    }

    /** The project's approval rule: open merge requests wait for an approval nobody gives. */
    public synchronized void requireApproval() {
        approvalRequired = true;
    }

    /** The next request is refused as over the rate limit, which resets in {@code seconds}. */
    public synchronized void rateLimitNext(int seconds) {
        rateLimitedFor = seconds;
    }

    /** Merges with a merge commit (the project's "Merge commit" method) and returns it. */
    public synchronized String merge(int iid) {
        ObjectNode mr = requests.get(iid);
        String sha = repository.merge(mr.path("target_branch").asText(), mr.path("source_branch").asText(),
                "Merge branch '" + mr.path("source_branch").asText() + "' into '" + mr.path("target_branch").asText() + "'");
        return merged(mr, sha, null);
    }

    /** Merges with "Fast-forward" and squash: only {@code squash_commit_sha} is set, and it is the target's new tip. */
    public synchronized String squashMerge(int iid) {
        ObjectNode mr = requests.get(iid);
        String sha = repository.squash(mr.path("target_branch").asText(), mr.path("source_branch").asText(),
                mr.path("title").asText());
        return merged(mr, null, sha);
    }

    private String merged(ObjectNode mr, String mergeCommit, String squashCommit) {
        mr.put("state", "merged").put("merged_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now())
                .put("merge_commit_sha", mergeCommit).put("squash_commit_sha", squashCommit)
                .put("merge_status", "can_be_merged").put("detailed_merge_status", "not_open");
        return mergeCommit != null ? mergeCommit : squashCommit;
    }

    /** Someone approves; a merge request set to merge when its pipeline succeeds is merged then. */
    public synchronized void approve(int iid) {
        ObjectNode mr = requests.get(iid);
        mr.put("_approved", true).put("updated_at", SimulatedApi.now());
        if (mr.path("merge_when_pipeline_succeeds").asBoolean()) mergeBy(mr);
    }

    private String mergeBy(ObjectNode mr) {
        return mr.path("squash").asBoolean() ? squashMerge(mr.path("iid").asInt()) : merge(mr.path("iid").asInt());
    }

    /**
     * {@code PUT …/merge}: 405 while the status is not checked yet, 406 on a conflict, 409 when {@code sha} is not
     * the head; waiting for an approval it is set to merge later; otherwise it is merged now.
     */
    private void accept(ObjectNode mr, JsonNode body, HttpServletResponse response) throws IOException {
        if (mr.path("detailed_merge_status").asText().equals("unchecked")) {
            mr.put("merge_status", "checking").put("detailed_merge_status", "checking");
            SimulatedApi.send(response, 405, JSON.createObjectNode().put("message", "405 Method Not Allowed"));
            return;
        }
        checkMergeStatus(mr);
        String status = mr.path("detailed_merge_status").asText();
        if (body.has("sha") && !body.path("sha").asText().equals(mr.path("sha").asText())) {
            SimulatedApi.send(response, 409, JSON.createObjectNode().put("message", "SHA does not match HEAD of source branch"));
        } else if (status.equals("conflict")) {
            SimulatedApi.send(response, 406, JSON.createObjectNode().put("message", "Branch cannot be merged"));
        } else {
            mr.put("squash", body.path("squash").asBoolean(false));
            if (status.equals("not_approved") && body.path("merge_when_pipeline_succeeds").asBoolean()) {
                mr.put("merge_when_pipeline_succeeds", true).put("updated_at", SimulatedApi.now());
                mr.putObject("merge_user").put("id", 1).put("username", "gitops-bot");
            } else if (status.equals("mergeable")) {
                mergeBy(mr);
            } else {
                SimulatedApi.send(response, 405, JSON.createObjectNode().put("message", "405 Method Not Allowed"));
                return;
            }
            SimulatedApi.send(response, 200, SimulatedApi.visible(mr));
        }
    }


    public synchronized void close(int iid) {
        requests.get(iid).put("state", "closed").put("closed_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now())
                .put("detailed_merge_status", "not_open");
    }

    private synchronized void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        seen.add(request.getMethod() + " " + path + (query == null ? "" : "?" + query));
        if (!token.equals(request.getHeader("PRIVATE-TOKEN"))) {
            SimulatedApi.send(response, 401, JSON.createObjectNode().put("message", "401 Unauthorized"));
            return;
        }
        if (rateLimitedFor > 0) {
            response.setHeader("Retry-After", String.valueOf(rateLimitedFor));
            response.setHeader("RateLimit-Limit", "2000");
            response.setHeader("RateLimit-Remaining", "0");
            response.setHeader("RateLimit-Reset", String.valueOf(System.currentTimeMillis() / 1000 + rateLimitedFor));
            rateLimitedFor = 0;
            response.setStatus(429);
            response.setContentType("text/plain");
            response.getOutputStream().write("Retry later".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher m;
        if (path.equals("/api/v4/users")) {
            ArrayNode found = JSON.createArrayNode();
            Integer id = users.get(request.getParameter("username"));
            if (id != null) {
                found.addObject().put("id", id).put("username", request.getParameter("username")).put("state", "active");
            }
            SimulatedApi.send(response, 200, found);
        } else if ((m = MERGE.matcher(path)).matches() && ours(m) && requests.containsKey(Integer.parseInt(m.group(2)))) {
            accept(requests.get(Integer.parseInt(m.group(2))), JSON.readTree(request.getInputStream()), response);
        } else if ((m = REQUESTS.matcher(path)).matches() && ours(m)) {
            if (request.getMethod().equals("POST")) {
                create(JSON.readTree(request.getInputStream()), response);
            } else {
                list(request, response);
            }
        } else if ((m = REQUEST.matcher(path)).matches() && ours(m) && requests.containsKey(Integer.parseInt(m.group(2)))) {
            ObjectNode mr = requests.get(Integer.parseInt(m.group(2)));
            if (request.getMethod().equals("PUT")) {
                edit(mr, JSON.readTree(request.getInputStream()));
            } else {
                checkMergeStatus(mr);
            }
            SimulatedApi.send(response, 200, SimulatedApi.visible(mr));
        } else {
            SimulatedApi.send(response, 404, JSON.createObjectNode().put("message", "404 Project Not Found"));
        }
    }

    private boolean ours(Matcher m) {
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8).equals(project);
    }

    private void create(JsonNode body, HttpServletResponse response) throws IOException {
        String source = body.path("source_branch").asText();
        String target = body.path("target_branch").asText();
        String sha = repository.tip(source);
        if (sha == null || repository.tip(target) == null) {
            ObjectNode error = JSON.createObjectNode();
            error.putArray("message").add(sha == null ? "Source branch does not exist" : "Target branch does not exist");
            SimulatedApi.send(response, 422, error);
            return;
        }
        for (ObjectNode mr : requests.values()) {
            if (mr.path("source_branch").asText().equals(source) && mr.path("state").asText().equals("opened")) {
                ObjectNode error = JSON.createObjectNode();
                error.putArray("message").add("Another open merge request already exists for this source branch: !"
                        + mr.path("iid").asInt());
                SimulatedApi.send(response, 409, error);
                return;
            }
        }
        int iid = ++iids;
        String title = body.path("title").asText();
        ObjectNode mr = JSON.createObjectNode().put("id", 155016000 + iid).put("iid", iid).put("project_id", 15513260)
                .put("title", title).put("description", body.path("description").asText(""))
                .put("state", "opened").put("created_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now())
                .putNull("merged_at").putNull("closed_at").put("target_branch", target).put("source_branch", source)
                .put("draft", title.startsWith("Draft:")).put("work_in_progress", title.startsWith("Draft:"))
                .put("merge_when_pipeline_succeeds", false).put("merge_status", "unchecked")
                .put("detailed_merge_status", "unchecked").put("sha", sha).putNull("merge_commit_sha")
                .putNull("squash_commit_sha").put("squash", false).put("has_conflicts", false)
                .put("web_url", "https://gitlab.example.com/" + project + "/-/merge_requests/" + iid)
                .put("reference", "!" + iid);
        mr.putObject("references").put("short", "!" + iid).put("relative", "!" + iid).put("full", project + "!" + iid);
        mr.putObject("author").put("id", 1).put("username", "gitops-bot").put("state", "active");
        mr.putArray("labels");
        mr.putArray("reviewers");
        mr.putArray("assignees");
        requests.put(iid, mr);
        SimulatedApi.send(response, 201, SimulatedApi.visible(mr));
    }

    private void edit(ObjectNode mr, JsonNode body) {
        if (body.has("title")) {
            mr.put("title", body.path("title").asText()).put("draft", body.path("title").asText().startsWith("Draft:"));
        }
        if (body.has("description")) mr.put("description", body.path("description").asText());
        if (body.has("add_labels")) {
            ArrayNode labels = (ArrayNode) mr.path("labels");
            for (String label : body.path("add_labels").asText().split(",")) {
                String name = label.trim();
                boolean present = false;
                for (JsonNode l : labels) present |= l.asText().equals(name);
                if (!name.isEmpty() && !present) labels.add(name);
            }
        }
        if (body.has("reviewer_ids")) {
            ArrayNode reviewers = mr.putArray("reviewers");
            for (JsonNode id : body.path("reviewer_ids")) {
                String name = users.entrySet().stream().filter(e -> e.getValue() == id.asInt()).map(Map.Entry::getKey)
                        .findFirst().orElse("user" + id.asInt());
                reviewers.addObject().put("id", id.asInt()).put("username", name).put("state", "active");
            }
        }
        if ("close".equals(body.path("state_event").asText())) mr.put("state", "closed");
        mr.put("updated_at", SimulatedApi.now());
    }

    /** A single read: the status is checked in the background, so the first read says "checking". */
    private void checkMergeStatus(ObjectNode mr) {
        if (!mr.path("state").asText().equals("opened")) return;
        if (mr.path("detailed_merge_status").asText().equals("unchecked")) {
            mr.put("merge_status", "checking").put("detailed_merge_status", "checking");
            return;
        }
        boolean clean = repository.mergesCleanly(mr.path("target_branch").asText(), mr.path("source_branch").asText());
        String detailed = !clean ? "conflict" : mr.path("draft").asBoolean() ? "draft_status"
                : approvalRequired && !mr.path("_approved").asBoolean() ? "not_approved" : "mergeable";
        mr.put("merge_status", clean ? "can_be_merged" : "cannot_be_merged").put("detailed_merge_status", detailed)
                .put("has_conflicts", !clean);
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String state = request.getParameter("state") == null ? "all" : request.getParameter("state");
        String source = request.getParameter("source_branch");
        String target = request.getParameter("target_branch");
        List<ObjectNode> shown = new ArrayList<>(requests.values());
        java.util.Collections.reverse(shown);
        if ("updated_at".equals(request.getParameter("order_by"))) {
            shown.sort((a, b) -> b.path("updated_at").asText().compareTo(a.path("updated_at").asText()));
        }
        shown.removeIf(mr -> !state.equals("all") && !state.equals(mr.path("state").asText())
                || source != null && !source.equals(mr.path("source_branch").asText())
                || target != null && !target.equals(mr.path("target_branch").asText()));
        int perPage = request.getParameter("per_page") == null ? 20 : Integer.parseInt(request.getParameter("per_page"));
        int page = request.getParameter("page") == null ? 1 : Integer.parseInt(request.getParameter("page"));
        ArrayNode list = JSON.createArrayNode();
        if (hideFromNextList) {
            hideFromNextList = false;
            shown.clear();
        }
        shown.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(mr -> list.add(SimulatedApi.visible(mr)));
        SimulatedApi.send(response, 200, list);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
