package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;

/**
 * Azure DevOps' Git pull-request REST API (7.1) for one repository, in the shapes of
 * {@code shared/pr-apis/azure-devops.json}, over a real bare repository: a personal access token as Basic with an empty
 * user, a second active pull request between the same refs refused with TF401179 (409), {@code mergeStatus} worked out
 * by git (first {@code queued}), auto-complete set by an identity and completed, by its merge strategy, once the
 * required reviewer approved; a completed pull request's {@code lastMergeCommit} is the commit on the target.
 */
public final class AzureDevOpsSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = SimulatedApi.JSON;
    static final String BOT_ID = "d6245f20-2af8-44f4-9451-8107cb2767db";

    private final Server server;
    private final String base;
    private final String pat;
    private final SimulatedRepository repository;
    private final Pattern pulls;
    private final Pattern pull;
    private final Map<Integer, ObjectNode> prs = new TreeMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private int ids = 21;
    private boolean approvalRequired;

    /** @param base the repository's API path, {@code /ORG/PROJECT/_apis/git/repositories/REPO} */
    public AzureDevOpsSimulator(String base, String pat, Path bare) throws Exception {
        this.base = base;
        this.pat = pat;
        this.repository = new SimulatedRepository(bare);
        this.pulls = Pattern.compile("^" + Pattern.quote(base) + "/pull[rR]equests$");
        this.pull = Pattern.compile("^" + Pattern.quote(base) + "/pull[rR]equests/(\\d+)(/labels|/reviewers/[^/]+)?$");
        this.server = SimulatedApi.start(this::handle);
    }

    /** What replaces the repository URL's scheme and host: {@code http://127.0.0.1:PORT}. */
    public String apiUrl() {
        return SimulatedApi.url(server);
    }

    public List<String> requests() {
        return List.copyOf(seen);
    }

    public synchronized ObjectNode pullRequest(int id) {
        return prs.get(id).deepCopy();
    }

    public synchronized int count() {
        return prs.size();
    }

    /** A branch policy: a required reviewer must approve before the pull request completes. */
    public synchronized void requireApproval() {
        approvalRequired = true;
    }

    public synchronized void approve(int id) {
        ObjectNode pr = prs.get(id);
        pr.put("_approved", true);
        if (pr.hasNonNull("autoCompleteSetBy")) complete(id, pr.path("completionOptions").path("mergeStrategy").asText("noFastForward"));
    }

    /** Completes by a merge strategy ({@code noFastForward}, {@code squash}, {@code rebase}); returns the target's commit. */
    public synchronized String complete(int id, String strategy) {
        ObjectNode pr = prs.get(id);
        String method = strategy.equals("squash") ? "squash" : strategy.startsWith("rebase") ? "rebase" : "merge";
        String sha = repository.merge(branch(pr, "targetRefName"), branch(pr, "sourceRefName"), method,
                "Merged PR " + id + ": " + pr.path("title").asText());
        pr.put("status", "completed").put("closedDate", SimulatedApi.now()).put("mergeStatus", "succeeded");
        pr.putObject("lastMergeCommit").put("commitId", sha);
        return sha;
    }

    public synchronized void abandon(int id) {
        prs.get(id).put("status", "abandoned").put("closedDate", SimulatedApi.now());
    }

    private static String branch(JsonNode pr, String field) {
        return pr.path(field).asText().replaceFirst("^refs/heads/", "");
    }

    private synchronized void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        seen.add(request.getMethod() + " " + path + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        String expected = "Basic " + Base64.getEncoder().encodeToString((":" + pat).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"https://dev.azure.com/\"");
            response.setStatus(401);
            return;
        }
        Matcher m;
        if ((m = pulls.matcher(path)).matches()) {
            if (request.getMethod().equals("POST")) create(JSON.readTree(request.getInputStream()), response);
            else list(request, response);
        } else if ((m = pull.matcher(path)).matches() && prs.containsKey(Integer.parseInt(m.group(1)))) {
            int id = Integer.parseInt(m.group(1));
            ObjectNode pr = prs.get(id);
            String tail = m.group(2);
            if (tail != null && tail.equals("/labels")) {
                String name = JSON.readTree(request.getInputStream()).path("name").asText();
                ObjectNode label = ((ArrayNode) pr.withArray("labels")).addObject().put("id", UUID.randomUUID().toString())
                        .put("name", name).put("active", true);
                SimulatedApi.send(response, 200, label);
            } else if (tail != null) {
                String reviewer = tail.substring("/reviewers/".length());
                ObjectNode added = ((ArrayNode) pr.withArray("reviewers")).addObject().put("id", reviewer).put("vote", 0)
                        .put("isRequired", false);
                SimulatedApi.send(response, 200, added);
            } else if (request.getMethod().equals("PATCH")) {
                patch(id, JSON.readTree(request.getInputStream()));
                SimulatedApi.send(response, 200, SimulatedApi.visible(pr));
            } else {
                computeMergeStatus(pr);
                SimulatedApi.send(response, 200, SimulatedApi.visible(pr));
            }
        } else {
            error(response, 404, "TF401019: The Git repository with name or identifier does not exist or you do not have"
                    + " permissions for the operation you are attempting.", "GitRepositoryNotFoundException");
        }
    }

    private void create(JsonNode body, HttpServletResponse response) throws IOException {
        String source = branch(body, "sourceRefName");
        String target = branch(body, "targetRefName");
        for (ObjectNode pr : prs.values()) {
            if (branch(pr, "sourceRefName").equals(source) && branch(pr, "targetRefName").equals(target)
                    && pr.path("status").asText().equals("active")) {
                error(response, 409, "TF401179: An active pull request for the source and target branch already exists.",
                        "GitPullRequestExistsException");
                return;
            }
        }
        String head = repository.tip(source);
        if (head == null || repository.tip(target) == null) {
            error(response, 400, "TF401398: The pull request cannot be activated because the source and/or the target"
                    + " branch no longer exists, or the requested refs are not branches", "InvalidArgumentValueException");
            return;
        }
        int id = ++ids;
        ObjectNode pr = JSON.createObjectNode().put("pullRequestId", id).put("codeReviewId", id).put("status", "active")
                .put("creationDate", SimulatedApi.now()).put("title", body.path("title").asText())
                .put("description", body.path("description").asText("")).put("sourceRefName", "refs/heads/" + source)
                .put("targetRefName", "refs/heads/" + target).put("mergeStatus", "queued")
                .put("isDraft", body.path("isDraft").asBoolean(false)).put("url", apiUrl() + base + "/pullRequests/" + id);
        pr.putObject("repository").put("id", "3411ebc1-d5aa-464f-9615-0b527bc66719").put("name", "config")
                .put("remoteUrl", "https://dev.azure.com/fabrikam/_git/config");
        pr.putObject("createdBy").put("id", BOT_ID).put("displayName", "GitOps Bot");
        pr.putObject("lastMergeSourceCommit").put("commitId", head);
        pr.putObject("lastMergeTargetCommit").put("commitId", repository.tip(target));
        ArrayNode reviewers = pr.putArray("reviewers");
        for (JsonNode reviewer : body.path("reviewers")) reviewers.addObject().put("id", reviewer.path("id").asText()).put("vote", 0);
        pr.putArray("labels");
        prs.put(id, pr);
        SimulatedApi.send(response, 201, SimulatedApi.visible(pr));
    }

    private void patch(int id, JsonNode body) {
        ObjectNode pr = prs.get(id);
        if (body.has("title")) pr.put("title", body.path("title").asText());
        if (body.has("description")) pr.put("description", body.path("description").asText());
        if (body.has("completionOptions")) pr.set("completionOptions", body.path("completionOptions"));
        if (body.has("autoCompleteSetBy")) {
            pr.set("autoCompleteSetBy", body.path("autoCompleteSetBy"));
            computeMergeStatus(pr);
            computeMergeStatus(pr);
            if (pr.path("mergeStatus").asText().equals("succeeded") && (!approvalRequired || pr.path("_approved").asBoolean())) {
                complete(id, pr.path("completionOptions").path("mergeStrategy").asText("noFastForward"));
            }
        }
        if ("abandoned".equals(body.path("status").asText())) abandon(id);
    }

    /** The test merge runs in the background: the first read after a change says {@code queued}. */
    private void computeMergeStatus(ObjectNode pr) {
        if (!pr.path("status").asText().equals("active")) return;
        if (pr.path("mergeStatus").asText().equals("queued") && !pr.path("_queuedSeen").asBoolean()) {
            pr.put("_queuedSeen", true);
            return;
        }
        boolean clean = repository.mergesCleanly(branch(pr, "targetRefName"), branch(pr, "sourceRefName"));
        pr.put("mergeStatus", clean ? "succeeded" : "conflicts");
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String source = request.getParameter("searchCriteria.sourceRefName");
        String target = request.getParameter("searchCriteria.targetRefName");
        String status = request.getParameter("searchCriteria.status") == null ? "active" : request.getParameter("searchCriteria.status");
        int top = request.getParameter("$top") == null ? 101 : Integer.parseInt(request.getParameter("$top"));
        int skip = request.getParameter("$skip") == null ? 0 : Integer.parseInt(request.getParameter("$skip"));
        List<ObjectNode> shown = new ArrayList<>(prs.values());
        java.util.Collections.reverse(shown);
        shown.removeIf(pr -> !status.equals("all") && !status.equals(pr.path("status").asText())
                || source != null && !source.equals(pr.path("sourceRefName").asText())
                || target != null && !target.equals(pr.path("targetRefName").asText()));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode value = answer.putArray("value");
        shown.stream().skip(skip).limit(top).forEach(pr -> value.add(SimulatedApi.visible(pr)));
        answer.put("count", value.size());
        SimulatedApi.send(response, 200, answer);
    }


    private static void error(HttpServletResponse response, int status, String message, String typeKey) throws IOException {
        SimulatedApi.send(response, status, JSON.createObjectNode().put("$id", "1").putNull("innerException")
                .put("message", message).put("typeName", "Microsoft.TeamFoundation.Git.Server." + typeKey
                        + ", Microsoft.TeamFoundation.Git.Server").put("typeKey", typeKey).put("errorCode", 0)
                .put("eventId", 3000));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
