package io.jenkins.plugins.gitops.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRecord;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The build's GitOps record for scripts, at {@code …/gitops/api/json}: its config commits, pull requests and waits as
 * JSON. Jenkins' own remote API would need the record's classes to be exported beans; this writes the same shape from the getters
 * the page uses, choosing each field, so that nothing else (such as the credentials ID kept for {@code gitopsWait})
 * leaves the controller. Stapler reaches it through the build, so reading it needs permission to read the build.
 */
public final class GitopsRunApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitopsRunAction action;

    public GitopsRunApi(GitopsRunAction action) {
        this.action = action;
    }

    /**
     * {@code GET …/gitops/api/json}, with Jenkins' {@code tree} (see {@link JsonTree}; a malformed one is answered
     * 400) and {@code pretty} (any value indents, as in Jenkins); other methods are refused, since nothing here
     * changes anything.
     */
    public void doJson(StaplerRequest2 req, HttpServletResponse rsp) throws IOException {
        String method = req.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            rsp.setHeader("Allow", "GET, HEAD");
            rsp.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        JsonNode json = json();
        String tree = req.getParameter("tree");
        if (tree != null) {
            try {
                json = JsonTree.parse(tree).prune(json);
            } catch (IllegalArgumentException e) {
                rsp.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
                return;
            }
        }
        rsp.setContentType("application/json;charset=UTF-8");
        (req.getParameter("pretty") != null ? JSON.writerWithDefaultPrettyPrinter() : JSON.writer())
                .writeValue(rsp.getWriter(), json);
    }

    ObjectNode json() {
        ObjectNode root = JSON.createObjectNode().put("_class", GitopsRunAction.class.getName());
        ArrayNode commits = root.putArray("commits");
        for (GitopsRunAction.CommitRecord c : action.getCommits()) {
            ObjectNode commit = commits.addObject()
                    .put("repository", c.getRepository())
                    .put("branch", c.getBranch())
                    .put("sha", c.getSha())
                    .put("link", c.getLink())
                    .put("changed", c.isChanged())
                    .put("signingKey", c.getSigningKey());
            c.getFiles().forEach(commit.putArray("files")::add);
        }
        ArrayNode pulls = root.putArray("pullRequests");
        for (PullRequestRecord pr : action.getPullRequests()) {
            pulls.addObject()
                    .put("repository", pr.getRepository())
                    .put("number", pr.getNumber())
                    .put("url", pr.getUrl())
                    .put("state", pr.getState())
                    .put("branch", pr.getBranch())
                    .put("base", pr.getBase())
                    .put("commit", pr.getBranchCommit())
                    .put("mergeCommit", pr.getMergeCommit());
        }
        ArrayNode reverts = root.putArray("reverts");
        for (io.jenkins.plugins.gitops.revert.RevertRecord r : action.getReverts()) {
            ObjectNode revert = reverts.addObject()
                    .put("repository", r.getRepository())
                    .put("branch", r.getBranch())
                    .put("reverted", r.getReverted())
                    .put("commit", r.getCommit())
                    .put("created", r.isCreated())
                    .put("revertedBy", r.getRevertedBy())
                    .put("partial", r.isPartial());
            r.getKept().forEach(revert.putArray("kept")::add);
        }
        ArrayNode waits = root.putArray("waits");
        for (GitopsRunAction.WaitRecord w : action.getWaits()) {
            waits.addObject()
                    .put("target", w.getTarget())
                    .put("commit", w.getCommit())
                    .put("result", w.getResult().name())
                    .put("succeeded", w.isSucceeded())
                    .put("durationMillis", w.getDurationMillis())
                    .put("message", w.getMessage());
        }
        return root;
    }
}
