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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;

/**
 * Bitbucket Cloud's pull-request API 2.0 for one repository, in the shapes of {@code shared/pr-apis/bitbucket-cloud.json},
 * over a real bare repository: the BBQL query on source and destination branch, several {@code state} filters,
 * {@code sort=-updated_on}, twelve-character hashes as Bitbucket shows them, a merge by strategy that records
 * {@code merge_commit}, a decline. A second pull request between the same branches is refused with a 400, which tests
 * may choose, since the description declares no answer for it. Errors are {@code {"type":"error","error":{message}}}.
 */
public final class BitbucketCloudSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = SimulatedApi.JSON;
    private static final Pattern BRANCH_QUERY = Pattern.compile("source\\.branch\\.name=\"([^\"]*)\" AND destination\\.branch\\.name=\"([^\"]*)\"");

    private final Server server;
    private final String workspace;
    private final String slug;
    private final String token;
    private final SimulatedRepository repository;
    private final Map<Integer, ObjectNode> pulls = new TreeMap<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private int ids;
    private boolean hideFromNextQuery;

    public BitbucketCloudSimulator(String workspace, String slug, String token, Path bare) throws Exception {
        this.workspace = workspace;
        this.slug = slug;
        this.token = token;
        this.repository = new SimulatedRepository(bare);
        this.server = SimulatedApi.start(this::handle);
    }

    public String apiUrl() {
        return SimulatedApi.url(server) + "/2.0";
    }

    public synchronized ObjectNode pull(int id) {
        return pulls.get(id).deepCopy();
    }

    public synchronized int count() {
        return pulls.size();
    }

    /** The next query misses the existing pull requests, so that a create meets the one that exists. */
    public synchronized void hideFromNextQuery() {
        hideFromNextQuery = true;
    }

    /** Merges by a strategy ({@code merge_commit}, {@code squash}, {@code fast_forward}); returns the full commit. */
    public synchronized String merge(int id, String strategy) {
        ObjectNode pr = pulls.get(id);
        String method = strategy.equals("squash") ? "squash" : strategy.equals("fast_forward") ? "rebase" : "merge";
        String sha = repository.merge(pr.path("destination").path("branch").path("name").asText(),
                pr.path("source").path("branch").path("name").asText(), method, "Merged in "
                        + pr.path("source").path("branch").path("name").asText() + " (pull request #" + id + ")");
        pr.put("state", "MERGED").put("updated_on", SimulatedApi.now());
        pr.putObject("merge_commit").put("type", "commit").put("hash", sha.substring(0, 12));
        return sha;
    }

    public synchronized void decline(int id) {
        pulls.get(id).put("state", "DECLINED").put("updated_on", SimulatedApi.now());
    }

    private synchronized void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        seen.add(request.getMethod() + " " + path);
        if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
            error(response, 401, "Access token expired. Use your refresh token to obtain a new access token.");
            return;
        }
        String prefix = "/2.0/repositories/" + workspace + "/" + slug + "/pullrequests";
        if (path.equals(prefix) && request.getMethod().equals("POST")) {
            create(JSON.readTree(request.getInputStream()), response);
        } else if (path.equals(prefix)) {
            list(request, response);
        } else if (path.startsWith(prefix + "/") && pulls.containsKey(id(path, prefix))) {
            ObjectNode pr = pulls.get(id(path, prefix));
            if (request.getMethod().equals("PUT")) {
                JsonNode edit = JSON.readTree(request.getInputStream());
                if (edit.has("title")) pr.put("title", edit.path("title").asText());
                if (edit.has("description")) pr.put("description", edit.path("description").asText());
                if (edit.has("reviewers")) pr.set("reviewers", edit.path("reviewers"));
                pr.put("updated_on", SimulatedApi.now());
            }
            SimulatedApi.send(response, 200, pr);
        } else {
            error(response, 404, "Repository " + workspace + "/" + slug + " not found");
        }
    }

    private static int id(String path, String prefix) {
        try {
            return Integer.parseInt(path.substring(prefix.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void create(JsonNode body, HttpServletResponse response) throws IOException {
        String source = body.path("source").path("branch").path("name").asText();
        String destination = body.path("destination").path("branch").path("name").asText("main");
        String head = repository.tip(source);
        if (head == null) {
            error(response, 400, "source: There is no branch named " + source);
            return;
        }
        for (ObjectNode pr : pulls.values()) {
            if (pr.path("source").path("branch").path("name").asText().equals(source) && pr.path("state").asText().equals("OPEN")) {
                error(response, 400, "There is already an open pull request from " + source + " to " + destination);
                return;
            }
        }
        int id = ++ids;
        ObjectNode pr = JSON.createObjectNode().put("type", "pullrequest").put("id", id).put("title", body.path("title").asText())
                .put("description", body.path("description").asText("")).put("state", "OPEN")
                .put("draft", body.path("draft").asBoolean(false)).put("created_on", SimulatedApi.now())
                .put("updated_on", SimulatedApi.now()).putNull("merge_commit");
        ObjectNode src = pr.putObject("source");
        src.putObject("branch").put("name", source);
        src.putObject("commit").put("type", "commit").put("hash", head.substring(0, 12));
        ObjectNode dst = pr.putObject("destination");
        dst.putObject("branch").put("name", destination);
        dst.putObject("commit").put("type", "commit").put("hash", repository.tip(destination).substring(0, 12));
        pr.set("reviewers", body.path("reviewers").isArray() ? body.path("reviewers") : JSON.createArrayNode());
        pr.putObject("links").putObject("html").put("href", "https://bitbucket.org/" + workspace + "/" + slug + "/pull-requests/" + id);
        pr.putObject("author").put("type", "user").put("display_name", "GitOps Bot");
        pulls.put(id, pr);
        SimulatedApi.send(response, 201, pr);
    }

    private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] states = request.getParameterValues("state");
        List<String> wanted = states == null ? List.of("OPEN") : Arrays.asList(states);
        String q = request.getParameter("q");
        Matcher branches = q == null ? null : BRANCH_QUERY.matcher(q);
        if (branches != null && !branches.matches()) {
            error(response, 400, "Invalid query: " + q);
            return;
        }
        List<ObjectNode> shown = new ArrayList<>(pulls.values());
        java.util.Collections.reverse(shown);
        if ("-updated_on".equals(request.getParameter("sort"))) {
            shown.sort((a, b) -> b.path("updated_on").asText().compareTo(a.path("updated_on").asText()));
        }
        shown.removeIf(pr -> !wanted.contains(pr.path("state").asText()) || branches != null
                && (!branches.group(1).equals(pr.path("source").path("branch").path("name").asText())
                        || !branches.group(2).equals(pr.path("destination").path("branch").path("name").asText())));
        if (branches != null && hideFromNextQuery) {
            hideFromNextQuery = false;
            shown.clear();
        }
        int pagelen = request.getParameter("pagelen") == null ? 10 : Integer.parseInt(request.getParameter("pagelen"));
        int page = request.getParameter("page") == null ? 1 : Integer.parseInt(request.getParameter("page"));
        ObjectNode answer = JSON.createObjectNode().put("size", shown.size()).put("page", page).put("pagelen", pagelen);
        ArrayNode values = answer.putArray("values");
        shown.stream().skip((long) (page - 1) * pagelen).limit(pagelen).forEach(values::add);
        if ((long) page * pagelen < shown.size()) answer.put("next", apiUrl() + "/…?page=" + (page + 1));
        SimulatedApi.send(response, 200, answer);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("message", message);
        SimulatedApi.send(response, status, body);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
