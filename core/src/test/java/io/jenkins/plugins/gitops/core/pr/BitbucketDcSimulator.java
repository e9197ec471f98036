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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;

/**
 * Bitbucket Data Center's pull-request REST API for one repository, in the shapes of
 * {@code shared/pr-apis/bitbucket-datacenter.json}, over a real bare repository: a second pull request between the
 * same branches is a 409 that carries the existing one, an edit or merge with a stale {@code version} is a 409, the
 * merge status is worked out by git and vetoed by a required approval, a merge makes a real merge commit (or a squash
 * commit) and records it as {@code properties.mergeCommit}. The token is taken as {@code Bearer}, or as the password of
 * the user {@code jenkins-bot} with Basic. Errors are {@code {"errors":[{context,message,exceptionName}]}}.
 */
public final class BitbucketDcSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = SimulatedApi.JSON;
    private static final Pattern PULLS = Pattern.compile("^/rest/api/latest/projects/([^/]+)/repos/([^/]+)/pull-requests$");
    private static final Pattern PULL = Pattern.compile("^/rest/api/latest/projects/([^/]+)/repos/([^/]+)/pull-requests/(\\d+)(/merge|/participants)?$");

    private final Server server;
    private final String project;
    private final String slug;
    private final String token;
    private final SimulatedRepository repository;
    private final Map<Integer, ObjectNode> pulls = new TreeMap<>();
    private final Map<Integer, String> autoMerges = new TreeMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private int ids;
    private boolean approvalRequired;
    private boolean autoMergeEnabled = true;
    private boolean hideFromNextList;

    public BitbucketDcSimulator(String project, String slug, String token, Path bare) throws Exception {
        this.project = project;
        this.slug = slug;
        this.token = token;
        this.repository = new SimulatedRepository(bare);
        this.server = SimulatedApi.start(this::handle);
    }

    /** The REST base, {@code http://127.0.0.1:PORT/rest}. */
    public String apiUrl() {
        return SimulatedApi.url(server) + "/rest";
    }

    public List<String> requests() {
        return List.copyOf(seen);
    }

    public synchronized ObjectNode pull(int id) {
        return pulls.get(id).deepCopy();
    }

    public synchronized int count() {
        return pulls.size();
    }

    /** The next list misses the existing pull requests, as a list read just before another run's create. */
    public synchronized void hideFromNextList() {
        hideFromNextList = true;
    }

    /** The merge check "Minimum approvals": open pull requests are vetoed until {@link #approve}. */
    public synchronized void requireApproval() {
        approvalRequired = true;
    }

    /** The repository's auto-merge setting turned off. */
    public synchronized void disableAutoMerge() {
        autoMergeEnabled = false;
    }

    public synchronized void approve(int id) {
        ObjectNode pr = pulls.get(id);
        pr.put("_approved", true);
        touch(pr);
        if (autoMerges.containsKey(id)) merge(id, autoMerges.remove(id));
    }

    public synchronized String merge(int id) {
        return merge(id, "no-ff");
    }

    /** Merges by a strategy ({@code no-ff}, {@code squash}, {@code rebase-no-ff}) and returns the commit on the target. */
    public synchronized String merge(int id, String strategy) {
        ObjectNode pr = pulls.get(id);
        String method = strategy.startsWith("squash") ? "squash" : strategy.startsWith("rebase") ? "rebase" : "merge";
        String sha = repository.merge(target(pr), source(pr), method, "Merge pull request #" + id + " in " + project
                + "/" + slug + " from " + source(pr) + " to " + target(pr));
        pr.put("state", "MERGED").put("open", false).put("closed", true).put("closedDate", System.currentTimeMillis());
        pr.putObject("properties").putObject("mergeCommit").put("id", sha).put("displayId", sha.substring(0, 11));
        touch(pr);
        return sha;
    }

    public synchronized void decline(int id) {
        ObjectNode pr = pulls.get(id);
        pr.put("state", "DECLINED").put("open", false).put("closed", true).put("closedDate", System.currentTimeMillis());
        touch(pr);
    }

    private void touch(ObjectNode pr) {
        pr.put("version", pr.path("version").asInt() + 1).put("updatedDate", System.currentTimeMillis());
    }

    private static String source(JsonNode pr) {
        return pr.path("fromRef").path("displayId").asText();
    }

    private static String target(JsonNode pr) {
        return pr.path("toRef").path("displayId").asText();
    }

    private synchronized void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        seen.add(request.getMethod() + " " + path + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("jenkins-bot:" + token)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!("Bearer " + token).equals(request.getHeader("Authorization")) && !basic.equals(request.getHeader("Authorization"))) {
            error(response, 401, "Authentication failed. Please check your credentials and try again.",
                    "com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException", null);
            return;
        }
        Matcher m;
        if ((m = PULLS.matcher(path)).matches() && ours(m)) {
            if (request.getMethod().equals("POST")) create(JSON.readTree(request.getInputStream()), response);
            else list(request, response);
        } else if ((m = PULL.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            int id = Integer.parseInt(m.group(3));
            String tail = m.group(4);
            if (tail == null && request.getMethod().equals("PUT")) edit(id, JSON.readTree(request.getInputStream()), response);
            else if (tail == null) SimulatedApi.send(response, 200, SimulatedApi.visible(pulls.get(id)));
            else if (tail.equals("/merge") && request.getMethod().equals("GET")) SimulatedApi.send(response, 200, mergeability(pulls.get(id)));
            else if (tail.equals("/merge")) mergeRequest(id, request, JSON.readTree(request.getInputStream()), response);
            else participant(id, JSON.readTree(request.getInputStream()), response);
        } else {
            error(response, 404, "Repository " + project + "/" + slug + " does not exist.",
                    "com.atlassian.bitbucket.repository.NoSuchRepositoryException", null);
        }
    }

    private boolean ours(Matcher m) {
        return m.group(1).equals(project) && m.group(2).equals(slug);
    }

    private void create(JsonNode body, HttpServletResponse response) throws IOException {
        String from = body.path("fromRef").path("id").asText().replaceFirst("^refs/heads/", "");
        String to = body.path("toRef").path("id").asText().replaceFirst("^refs/heads/", "");
        String fromSha = repository.tip(from);
        if (fromSha == null || repository.tip(to) == null) {
            error(response, 404, "Repository " + project + "/" + slug + " does not contain the branch "
                    + (fromSha == null ? from : to) + ".", "com.atlassian.bitbucket.repository.NoSuchBranchException", null);
            return;
        }
        for (ObjectNode pr : pulls.values()) {
            if (source(pr).equals(from) && target(pr).equals(to) && pr.path("state").asText().equals("OPEN")) {
                error(response, 409, "Only one pull request may be open for a given source and target branch",
                        "com.atlassian.bitbucket.pull.DuplicatePullRequestException", SimulatedApi.visible(pr));
                return;
            }
        }
        int id = ++ids;
        long now = System.currentTimeMillis();
        ObjectNode pr = JSON.createObjectNode().put("id", id).put("version", 0).put("title", body.path("title").asText())
                .put("description", body.path("description").asText("")).put("state", "OPEN").put("open", true)
                .put("closed", false).put("draft", body.path("draft").asBoolean(false)).put("createdDate", now)
                .put("updatedDate", now).put("locked", false);
        side(pr.putObject("fromRef"), from, fromSha);
        side(pr.putObject("toRef"), to, repository.tip(to));
        pr.putObject("author").put("role", "AUTHOR").put("approved", false).putObject("user").put("name", "gitops-bot");
        pr.putArray("reviewers");
        pr.putArray("participants");
        pr.putObject("links").putArray("self").addObject()
                .put("href", "https://bitbucket.example.com/projects/" + project + "/repos/" + slug + "/pull-requests/" + id);
        pulls.put(id, pr);
        SimulatedApi.send(response, 201, SimulatedApi.visible(pr));
    }

    private void side(ObjectNode ref, String branch, String sha) {
        ref.put("id", "refs/heads/" + branch).put("displayId", branch).put("latestCommit", sha).put("type", "BRANCH");
        ObjectNode repo = ref.putObject("repository").put("slug", slug).put("name", slug).put("id", 11);
        repo.putObject("project").put("key", project);
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String at = request.getParameter("at");
        boolean outgoing = "OUTGOING".equals(request.getParameter("direction"));
        String state = request.getParameter("state") == null ? "OPEN" : request.getParameter("state");
        int limit = request.getParameter("limit") == null ? 25 : Integer.parseInt(request.getParameter("limit"));
        int start = request.getParameter("start") == null ? 0 : Integer.parseInt(request.getParameter("start"));
        List<ObjectNode> shown = new ArrayList<>(pulls.values());
        shown.sort((a, b) -> Long.compare(b.path("updatedDate").asLong(), a.path("updatedDate").asLong()));
        shown.removeIf(pr -> !state.equals("ALL") && !state.equals(pr.path("state").asText())
                || at != null && !at.equals(pr.path(outgoing ? "fromRef" : "toRef").path("id").asText()));
        if (hideFromNextList) {
            hideFromNextList = false;
            shown.clear();
        }
        ObjectNode page = JSON.createObjectNode();
        ArrayNode values = page.putArray("values");
        shown.stream().skip(start).limit(limit).forEach(pr -> values.add(SimulatedApi.visible(pr)));
        boolean last = start + limit >= shown.size();
        page.put("size", values.size()).put("limit", limit).put("isLastPage", last).put("start", start);
        if (!last) page.put("nextPageStart", start + limit);
        SimulatedApi.send(response, 200, page);
    }

    private void edit(int id, JsonNode body, HttpServletResponse response) throws IOException {
        ObjectNode pr = pulls.get(id);
        if (body.path("version").asInt(-1) != pr.path("version").asInt()) {
            stale(response, pr);
            return;
        }
        if (body.has("title")) pr.put("title", body.path("title").asText());
        if (body.has("description")) pr.put("description", body.path("description").asText());
        touch(pr);
        SimulatedApi.send(response, 200, SimulatedApi.visible(pr));
    }

    private void stale(HttpServletResponse response, ObjectNode pr) throws IOException {
        error(response, 409, "You are attempting to modify a pull request based on out-of-date information.",
                "com.atlassian.bitbucket.pull.PullRequestOutOfDateException", null);
    }

    private ObjectNode mergeability(ObjectNode pr) {
        boolean clean = repository.mergesCleanly(target(pr), source(pr));
        ObjectNode answer = JSON.createObjectNode().put("conflicted", !clean).put("outcome", clean ? "CLEAN" : "CONFLICTED");
        ArrayNode vetoes = answer.putArray("vetoes");
        if (approvalRequired && !pr.path("_approved").asBoolean()) {
            vetoes.addObject().put("summaryMessage", "Requires 1 approval")
                    .put("detailedMessage", "You need 1 more approval before this pull request can be merged.");
        }
        answer.put("canMerge", clean && vetoes.isEmpty());
        return answer;
    }

    private void mergeRequest(int id, HttpServletRequest request, JsonNode body, HttpServletResponse response)
            throws IOException {
        ObjectNode pr = pulls.get(id);
        if (!String.valueOf(pr.path("version").asInt()).equals(request.getParameter("version"))) {
            stale(response, pr);
            return;
        }
        ObjectNode status = mergeability(pr);
        String strategy = body.path("strategyId").asText("no-ff");
        if (body.path("autoMerge").asBoolean() && !autoMergeEnabled) {
            error(response, 403, "The auto-merge setting is not enabled for the repository that this pull request targets.",
                    "com.atlassian.bitbucket.pull.automerge.AutoMergeDisabledException", null);
        } else if (status.path("conflicted").asBoolean()) {
            error(response, 409, "The pull request has conflicts and cannot be merged.",
                    "com.atlassian.bitbucket.pull.PullRequestMergeVetoedException", null);
        } else if (!status.path("vetoes").isEmpty() && body.path("autoMerge").asBoolean()) {
            autoMerges.put(id, strategy);
            SimulatedApi.send(response, 200, SimulatedApi.visible(pr));
        } else if (!status.path("vetoes").isEmpty()) {
            error(response, 409, "Requires 1 approval", "com.atlassian.bitbucket.pull.PullRequestMergeVetoedException", null);
        } else {
            merge(id, strategy);
            SimulatedApi.send(response, 200, SimulatedApi.visible(pr));
        }
    }

    private void participant(int id, JsonNode body, HttpServletResponse response) throws IOException {
        ObjectNode pr = pulls.get(id);
        ObjectNode reviewer = ((ArrayNode) pr.path("reviewers")).addObject().put("role", "REVIEWER").put("approved", false)
                .put("status", "UNAPPROVED");
        reviewer.putObject("user").put("name", body.path("user").path("name").asText());
        touch(pr);
        SimulatedApi.send(response, 200, reviewer);
    }


    private static void error(HttpServletResponse response, int status, String message, String exception,
            ObjectNode existing) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject().putNull("context").put("message", message)
                .put("exceptionName", exception);
        if (existing != null) error.set("existingPullRequest", existing);
        SimulatedApi.send(response, status, body);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
