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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;

/**
 * GitHub's pull-request REST API (version 2022-11-28) for one repository, in the shapes of
 * {@code shared/pr-apis/github.json}, over a real bare repository: a pull request's head is the branch's tip in that
 * repository, a head branch that does not exist is refused (422), a second pull request from the same branch is
 * refused as GitHub words it, and a merge makes a real merge commit there. A wrong token gets 401 "Bad credentials".
 */
public final class GitHubSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = SimulatedApi.JSON;
    private static final Pattern PULLS = Pattern.compile("^/repos/([^/]+)/([^/]+)/pulls$");
    private static final Pattern PULL = Pattern.compile("^/repos/([^/]+)/([^/]+)/pulls/(\\d+)$");
    private static final Pattern REVIEWERS = Pattern.compile("^/repos/([^/]+)/([^/]+)/pulls/(\\d+)/requested_reviewers$");
    private static final Pattern MERGE = Pattern.compile("^/repos/([^/]+)/([^/]+)/pulls/(\\d+)/merge$");
    private static final Pattern CHECK_RUNS = Pattern.compile("^/repos/([^/]+)/([^/]+)/commits/([0-9a-f]+)/check-runs$");
    private static final Pattern STATUS = Pattern.compile("^/repos/([^/]+)/([^/]+)/commits/([0-9a-f]+)/status$");
    private static final Pattern REVIEWS = Pattern.compile("^/repos/([^/]+)/([^/]+)/pulls/(\\d+)/reviews$");
    private static final Pattern PROTECTION = Pattern.compile("^/repos/([^/]+)/([^/]+)/branches/([^/]+)/protection/required_status_checks$");
    private static final Pattern LABELS = Pattern.compile("^/repos/([^/]+)/([^/]+)/issues/(\\d+)/labels$");

    private final Server server;
    private final String owner;
    private final String repo;
    private final String token;
    private final SimulatedRepository repository;
    private final Map<Integer, ObjectNode> pulls = new ConcurrentHashMap<>();
    private final AtomicInteger numbers = new AtomicInteger(1346);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger notModified = new AtomicInteger();
    private volatile boolean hideFromNextList;
    private volatile int rateLimitedFor;
    private volatile boolean unavailableOnce;
    private volatile boolean reviewRequired;
    private volatile String appId;
    private final Map<String, ArrayNode> checkRuns = new ConcurrentHashMap<>();
    private final Map<Integer, ArrayNode> reviews = new ConcurrentHashMap<>();
    private final java.util.Set<String> requiredChecks = ConcurrentHashMap.newKeySet();
    private volatile java.security.PublicKey appKey;
    private final Map<String, java.time.Instant> installationTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile boolean autoMergeAllowed = true;

    public GitHubSimulator(String owner, String repo, String token, Path bare) throws Exception {
        this.owner = owner;
        this.repo = repo;
        this.token = token;
        this.repository = new SimulatedRepository(bare);
        this.server = SimulatedApi.start(this::handle);
    }

    public String apiUrl() {
        return SimulatedApi.url(server);
    }

    /** How many lists were answered {@code 304 Not Modified}. */
    public int notModified() {
        return notModified.get();
    }

    /** Every request as {@code METHOD PATH?QUERY}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The next list of pull requests misses the existing ones, as a list read just before another run's create. */
    /** The next request gets a 503, as during a host's incident. */
    public void unavailableOnce() {
        unavailableOnce = true;
    }

    /** The next request is refused as over the primary rate limit, which resets in {@code seconds}. */
    public void rateLimitNext(int seconds) {
        rateLimitedFor = seconds;
    }

    public void hideFromNextList() {
        hideFromNextList = true;
    }

    public ObjectNode pull(int number) {
        return pulls.get(number);
    }

    public int count() {
        return pulls.size();
    }

    /**
     * A GitHub App installed on the repository: a JWT signed with {@code key}'s private half and issued by
     * {@code appId} gets an installation token for {@code lifetime}, which the API then takes as a token.
     */
    public void installApp(String appId, java.security.PublicKey key) {
        this.appKey = key;
        this.appId = appId;
    }

    /** Installation tokens issued so far. */
    public int installationTokensIssued() {
        return tokensIssued.get();
    }

    /** Every installation token issued so far expires now, as an hour later. */
    public void expireInstallationTokens() {
        installationTokens.replaceAll((token, until) -> java.time.Instant.EPOCH);
    }

    /** Branch protection: a check of this name must succeed on the head before the pull request merges. */
    public void requireCheck(String name) {
        requiredChecks.add(name);
    }

    /**
     * A check run on the pull request's head, as a CI app reports it: {@code status} queued, in_progress or completed,
     * and when completed a {@code conclusion} (success, failure, timed_out…).
     */
    public synchronized void check(int number, String name, String status, String conclusion) {
        ObjectNode pr = pulls.get(number);
        String sha = repository.tip(pr.path("head").path("ref").asText());
        ArrayNode runs = checkRuns.computeIfAbsent(sha, s -> JSON.createArrayNode());
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).path("name").asText().equals(name)) runs.remove(i);
        }
        ObjectNode run = runs.addObject().put("id", 4000 + runs.size()).put("name", name).put("head_sha", sha)
                .put("status", status).put("conclusion", status.equals("completed") ? conclusion : null)
                .put("html_url", "https://github.com/" + owner + "/" + repo + "/runs/" + (4000 + runs.size()))
                .put("started_at", SimulatedApi.now());
        run.putObject("app").put("slug", "github-actions");
        pr.put("updated_at", SimulatedApi.now());
    }

    /** A review that asks for changes, as a reviewer submits it. */
    public synchronized void requestChanges(int number, String login) {
        reviews.computeIfAbsent(number, n -> JSON.createArrayNode()).addObject().put("id", 80 + number)
                .put("state", "CHANGES_REQUESTED").put("body", "Not this tag").put("submitted_at", SimulatedApi.now())
                .putObject("user").put("login", login).put("type", "User");
    }

    /** Branch protection: a pull request needs an approving review before it merges. */
    public void requireReview() {
        reviewRequired = true;
    }

    /** The repository's setting "Allow auto-merge" turned off. */
    public void disallowAutoMerge() {
        autoMergeAllowed = false;
    }

    /** A reviewer approves; with auto-merge on, GitHub merges it then, by the method asked for. */
    public synchronized void approve(int number) {
        ObjectNode pr = pulls.get(number);
        pr.put("_approved", true).put("updated_at", SimulatedApi.now());
        if (pr.path("auto_merge").isObject()) merge(number, pr.path("auto_merge").path("merge_method").asText());
    }

    /** Merges, but reports {@code reported} as the merge commit, as a host that is wrong about it would. */
    public synchronized void mergeReporting(int number, String reported) {
        merge(number);
        pulls.get(number).put("merge_commit_sha", reported);
    }

    /** Merges a pull request with a merge commit, as the merge button does, and returns that commit. */
    public synchronized String merge(int number) {
        return merge(number, "merge");
    }

    /** Merges by {@code method} (merge, squash, rebase) and returns the commit left on the base branch. */
    public synchronized String merge(int number, String method) {
        ObjectNode pr = pulls.get(number);
        String head = pr.path("head").path("ref").asText();
        String sha = repository.merge(pr.path("base").path("ref").asText(), head, method,
                "Merge pull request #" + number + " from " + owner + "/" + head);
        pr.put("state", "closed").put("merged", true).put("merged_at", SimulatedApi.now())
                .put("closed_at", SimulatedApi.now()).put("merge_commit_sha", sha).put("mergeable", (String) null)
                .put("updated_at", SimulatedApi.now());
        return sha;
    }

    private synchronized void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        requests.add(request.getMethod() + " " + path + (query == null ? "" : "?" + query));
        String bearer = String.valueOf(request.getHeader("Authorization")).replaceFirst("^Bearer ", "");
        if (appId != null && (path.startsWith("/app/") || path.equals("/repos/" + owner + "/" + repo + "/installation"))) {
            asApp(bearer, path, request, response);
            return;
        }
        java.time.Instant until = installationTokens.get(bearer);
        if (!bearer.equals(token) && (until == null || until.isBefore(java.time.Instant.now()))) {
            SimulatedApi.send(response, 401, JSON.createObjectNode().put("message", "Bad credentials")
                    .put("documentation_url", "https://docs.github.com/rest").put("status", "401"));
            return;
        }
        if (unavailableOnce) {
            unavailableOnce = false;
            SimulatedApi.send(response, 503, JSON.createObjectNode().put("message", "Service Unavailable"));
            return;
        }
        if (rateLimitedFor > 0) {
            long reset = System.currentTimeMillis() / 1000 + rateLimitedFor;
            rateLimitedFor = 0;
            response.setHeader("x-ratelimit-limit", "5000");
            response.setHeader("x-ratelimit-remaining", "0");
            response.setHeader("x-ratelimit-used", "5000");
            response.setHeader("x-ratelimit-reset", String.valueOf(reset));
            response.setHeader("x-ratelimit-resource", "core");
            SimulatedApi.send(response, 403, JSON.createObjectNode().put("message", "API rate limit exceeded for installation ID 1.")
                    .put("documentation_url", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"));
            return;
        }
        Matcher m;
        if (path.equals("/graphql") && request.getMethod().equals("POST")) {
            graphql(JSON.readTree(request.getInputStream()), response);
        } else if ((m = PROTECTION.matcher(path)).matches() && ours(m)) {
            if (requiredChecks.isEmpty()) {
                SimulatedApi.send(response, 404, JSON.createObjectNode().put("message", "Required status checks not enabled")
                        .put("documentation_url", "https://docs.github.com/rest/branches/branch-protection"));
            } else {
                ObjectNode checks = JSON.createObjectNode().put("strict", false);
                ArrayNode contexts = checks.putArray("contexts");
                ArrayNode named = checks.putArray("checks");
                requiredChecks.forEach(c -> {
                    contexts.add(c);
                    named.addObject().put("context", c).putNull("app_id");
                });
                SimulatedApi.send(response, 200, checks);
            }
        } else if ((m = CHECK_RUNS.matcher(path)).matches() && ours(m)) {
            ArrayNode runs = checkRuns.getOrDefault(m.group(3), JSON.createArrayNode());
            ObjectNode answer = JSON.createObjectNode().put("total_count", runs.size());
            answer.set("check_runs", runs);
            SimulatedApi.send(response, 200, answer);
        } else if ((m = STATUS.matcher(path)).matches() && ours(m)) {
            ObjectNode answer = JSON.createObjectNode().put("state", "success").put("sha", m.group(3)).put("total_count", 0);
            answer.putArray("statuses");
            SimulatedApi.send(response, 200, answer);
        } else if ((m = REVIEWS.matcher(path)).matches() && ours(m)) {
            SimulatedApi.send(response, 200, reviews.getOrDefault(Integer.parseInt(m.group(3)), JSON.createArrayNode()));
        } else if ((m = MERGE.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            mergeNow(Integer.parseInt(m.group(3)), JSON.readTree(request.getInputStream()), response);
        } else if ((m = PULLS.matcher(path)).matches() && ours(m)) {
            if (request.getMethod().equals("POST")) {
                create(JSON.readTree(request.getInputStream()), response);
            } else {
                list(query == null ? "" : query, request, response);
            }
        } else if ((m = PULL.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            ObjectNode pr = pulls.get(Integer.parseInt(m.group(3)));
            if (request.getMethod().equals("GET")) computeMergeability(pr);
            if (request.getMethod().equals("PATCH")) {
                JsonNode edit = JSON.readTree(request.getInputStream());
                if (edit.has("title")) pr.put("title", edit.path("title").asText());
                if (edit.has("body")) pr.put("body", edit.path("body").asText());
                pr.put("updated_at", SimulatedApi.now());
            }
            SimulatedApi.send(response, 200, SimulatedApi.visible(pr));
        } else if ((m = LABELS.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            ArrayNode labels = (ArrayNode) pulls.get(Integer.parseInt(m.group(3))).path("labels");
            for (JsonNode name : JSON.readTree(request.getInputStream()).path("labels")) {
                if (labels.findValuesAsText("name").contains(name.asText())) continue;
                labels.addObject().put("id", 208045946 + labels.size()).put("name", name.asText()).put("color", "f29513")
                        .put("default", false);
            }
            pulls.get(Integer.parseInt(m.group(3))).put("updated_at", SimulatedApi.now());
            SimulatedApi.send(response, 200, labels);
        } else if ((m = REVIEWERS.matcher(path)).matches() && ours(m) && pulls.containsKey(Integer.parseInt(m.group(3)))) {
            ObjectNode pr = pulls.get(Integer.parseInt(m.group(3)));
            ArrayNode reviewers = (ArrayNode) pr.path("requested_reviewers");
            for (JsonNode login : JSON.readTree(request.getInputStream()).path("reviewers")) {
                if (!reviewers.findValuesAsText("login").contains(login.asText())) {
                    reviewers.addObject().put("login", login.asText()).put("id", 1).put("type", "User");
                }
            }
            SimulatedApi.send(response, 201, pr);
        } else {
            SimulatedApi.send(response, 404, JSON.createObjectNode().put("message", "Not Found")
                    .put("documentation_url", "https://docs.github.com/rest").put("status", "404"));
        }
    }

    /** What a GitHub App may do with its JWT: find its installation, and get an installation token. */
    private void asApp(String jwt, String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String refusal = jwtRefusal(jwt);
        if (refusal != null) {
            SimulatedApi.send(response, 401, JSON.createObjectNode().put("message", refusal)
                    .put("documentation_url", "https://docs.github.com/rest"));
        } else if (path.endsWith("/installation")) {
            ObjectNode installation = JSON.createObjectNode().put("id", 4242).put("app_id", Long.parseLong(appId))
                    .put("target_type", "Organization").put("repository_selection", "selected");
            installation.putObject("account").put("login", owner).put("type", "Organization");
            installation.putObject("permissions").put("pull_requests", "write").put("contents", "write");
            SimulatedApi.send(response, 200, installation);
        } else if (path.equals("/app/installations/4242/access_tokens") && request.getMethod().equals("POST")) {
            JsonNode asked = JSON.readTree(request.getInputStream());
            String issued = "ghs_" + java.util.UUID.randomUUID().toString().replace("-", "");
            java.time.Instant expires = java.time.Instant.now().plus(java.time.Duration.ofHours(1))
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            installationTokens.put(issued, expires);
            tokensIssued.incrementAndGet();
            ObjectNode answer = JSON.createObjectNode().put("token", issued).put("expires_at", expires.toString())
                    .put("repository_selection", "selected");
            answer.putObject("permissions").put("pull_requests", "write").put("contents", "write");
            answer.set("repositories", asked.path("repositories"));
            SimulatedApi.send(response, 201, answer);
        } else {
            SimulatedApi.send(response, 404, JSON.createObjectNode().put("message", "Not Found"));
        }
    }

    /** Why GitHub would refuse this JWT: not signed by the App's key, not issued by it, expired or too long. */
    private String jwtRefusal(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) return "A JSON web token could not be decoded";
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initVerify(appKey);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(java.util.Base64.getUrlDecoder().decode(parts[2]))) {
                return "A JSON web token could not be decoded";
            }
            JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            long now = System.currentTimeMillis() / 1000;
            if (!claims.path("iss").asText().equals(appId)) return "Integration not found";
            if (claims.path("exp").asLong() < now) return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
            if (claims.path("exp").asLong() - claims.path("iat").asLong() > 660) return "The 'Expiration time' claim ('exp') is too far in the future";
            return null;
        } catch (Exception e) {
            return "A JSON web token could not be decoded";
        }
    }

    /**
     * As GitHub does: the first read after a change says {@code mergeable: null} (a background job is computing it),
     * later reads say whether the head merges cleanly into the base, worked out by git itself.
     */
    private void computeMergeability(ObjectNode pr) {
        if (!pr.path("state").asText().equals("open")) return;
        if (pr.path("mergeable").isNull() && !pr.path("_computing").asBoolean(false)) {
            pr.put("_computing", true);
            return;
        }
        pr.remove("_computing");
        pr.put("mergeable", mergesCleanly(pr)).put("mergeable_state", mergeState(pr));
    }

    private boolean mergesCleanly(ObjectNode pr) {
        return repository.mergesCleanly(pr.path("base").path("ref").asText(), pr.path("head").path("ref").asText());
    }

    /** dirty (a conflict), blocked (a required review or check is missing or failed), unstable (another check failed). */
    private String mergeState(ObjectNode pr) {
        if (!mergesCleanly(pr)) return "dirty";
        ArrayNode runs = checkRuns.getOrDefault(repository.tip(pr.path("head").path("ref").asText()), JSON.createArrayNode());
        boolean requiredMissing = false;
        boolean otherFailed = false;
        for (String required : requiredChecks) {
            boolean passed = false;
            for (JsonNode run : runs) {
                passed |= run.path("name").asText().equals(required) && run.path("conclusion").asText().equals("success");
            }
            requiredMissing |= !passed;
        }
        for (JsonNode run : runs) {
            otherFailed |= !requiredChecks.contains(run.path("name").asText()) && run.path("status").asText().equals("completed")
                    && !run.path("conclusion").asText().equals("success");
        }
        boolean changesRequested = reviews.containsKey(pr.path("number").asInt());
        if (requiredMissing || changesRequested || reviewRequired && !pr.path("_approved").asBoolean()) return "blocked";
        return otherFailed ? "unstable" : "clean";
    }

    /**
     * {@code enablePullRequestAutoMerge}, as GitHub answers it: refused where the repository does not allow it, and for
     * a pull request that can be merged at once ("clean status"); otherwise the REST shape shows {@code auto_merge}.
     */
    private void graphql(JsonNode body, HttpServletResponse response) throws IOException {
        ObjectNode answer = JSON.createObjectNode();
        if (!body.path("query").asText().contains("enablePullRequestAutoMerge")) {
            answer.putArray("errors").addObject().put("message", "the simulator answers enablePullRequestAutoMerge only");
            SimulatedApi.send(response, 200, answer);
            return;
        }
        JsonNode variables = body.path("variables");
        ObjectNode pr = pulls.values().stream().filter(p -> p.path("node_id").asText().equals(variables.path("id").asText()))
                .findFirst().orElse(null);
        String refusal = pr == null ? "Could not resolve to a node with the global id of '" + variables.path("id").asText() + "'"
                : !autoMergeAllowed ? "Auto merge is not allowed for this repository"
                : mergeState(pr).equals("clean") ? "Pull request Pull request is in clean status" : null;
        if (refusal != null) {
            answer.putNull("data");
            answer.putArray("errors").addObject().put("type", "UNPROCESSABLE").put("message", refusal)
                    .putArray("path").add("enablePullRequestAutoMerge");
            SimulatedApi.send(response, 200, answer);
            return;
        }
        String method = variables.path("method").asText("MERGE").toLowerCase(java.util.Locale.ROOT);
        pr.putObject("auto_merge").put("merge_method", method).putNull("commit_title").putNull("commit_message")
                .putObject("enabled_by").put("login", "gitops-bot");
        pr.put("updated_at", SimulatedApi.now());
        answer.putObject("data").putObject("enablePullRequestAutoMerge").putObject("pullRequest")
                .putObject("autoMergeRequest").put("enabledAt", SimulatedApi.now()).put("mergeMethod", method.toUpperCase());
        SimulatedApi.send(response, 200, answer);
    }

    /** {@code PUT /pulls/N/merge}: refused when the head moved, when a review is missing or it conflicts. */
    private void mergeNow(int number, JsonNode body, HttpServletResponse response) throws IOException {
        ObjectNode pr = pulls.get(number);
        String state = mergeState(pr);
        if (body.has("sha") && !body.path("sha").asText().equals(repository.tip(pr.path("head").path("ref").asText()))) {
            SimulatedApi.send(response, 409, JSON.createObjectNode().put("message", "Head branch was modified. Review and try the merge again."));
        } else if (!state.equals("clean")) {
            SimulatedApi.send(response, 405, JSON.createObjectNode().put("message", state.equals("blocked")
                    ? "At least 1 approving review is required by reviewers with write access." : "Pull Request is not mergeable"));
        } else {
            String sha = merge(number, body.path("merge_method").asText("merge"));
            SimulatedApi.send(response, 200, JSON.createObjectNode().put("sha", sha).put("merged", true)
                    .put("message", "Pull Request successfully merged"));
        }
    }

    /** Closes a pull request without merging it, as a reviewer may. */
    public synchronized void close(int number) {
        pulls.get(number).put("state", "closed").put("closed_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now());
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
            ObjectNode error = validation();
            ((ArrayNode) error.path("errors")).addObject().put("resource", "PullRequest")
                    .put("field", headSha == null ? "head" : "base").put("code", "invalid");
            SimulatedApi.send(response, 422, error);
            return;
        }
        for (ObjectNode pr : pulls.values()) {
            if (pr.path("head").path("ref").asText().equals(head) && pr.path("state").asText().equals("open")) {
                ObjectNode error = validation();
                ((ArrayNode) error.path("errors")).addObject().put("resource", "PullRequest").put("code", "custom")
                        .put("message", "A pull request already exists for " + owner + ":" + head + ".");
                SimulatedApi.send(response, 422, error);
                return;
            }
        }
        int number = numbers.incrementAndGet();
        ObjectNode pr = JSON.createObjectNode();
        pr.put("url", apiUrl() + "/repos/" + owner + "/" + repo + "/pulls/" + number).put("id", number * 10L)
                .put("node_id", "PR_kwDO" + number).put("html_url", "https://github.com/" + owner + "/" + repo + "/pull/" + number)
                .put("number", number).put("state", "open").put("locked", false)
                .put("title", body.path("title").asText()).put("body", body.path("body").asText(null))
                .put("draft", body.path("draft").asBoolean(false)).put("merged", false).putNull("merged_at")
                .put("merge_commit_sha", headSha).putNull("mergeable").put("mergeable_state", "unknown")
                .put("created_at", SimulatedApi.now()).put("updated_at", SimulatedApi.now()).putNull("closed_at");
        pr.putObject("user").put("login", "gitops-bot").put("id", 1).put("type", "Bot");
        pr.putArray("labels");
        pr.putArray("requested_reviewers");
        pr.putArray("requested_teams");
        pr.putNull("auto_merge");
        side(pr.putObject("head"), head, headSha);
        side(pr.putObject("base"), base, baseSha);
        pulls.put(number, pr);
        response.setHeader("Location", pr.path("url").asText());
        SimulatedApi.send(response, 201, pr);
    }

    private void side(ObjectNode side, String ref, String sha) {
        side.put("label", owner + ":" + ref).put("ref", ref).put("sha", sha);
        side.putObject("user").put("login", owner).put("id", 1);
        side.putObject("repo").put("id", 1296269).put("name", repo).put("full_name", owner + "/" + repo)
                .put("private", true).put("default_branch", "main");
    }

    private void list(String query, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> q = new ConcurrentHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        ArrayNode list = JSON.createArrayNode();
        if (hideFromNextList) {
            hideFromNextList = false;
            SimulatedApi.send(response, 200, list);
            return;
        }
        String state = q.getOrDefault("state", "open");
        List<ObjectNode> newestFirst = new ArrayList<>(pulls.values());
        newestFirst.sort((a, b) -> Integer.compare(b.path("number").asInt(), a.path("number").asInt()));
        if ("updated".equals(q.get("sort"))) {
            newestFirst.sort((a, b) -> b.path("updated_at").asText().compareTo(a.path("updated_at").asText()));
        }
        newestFirst.removeIf(pr -> !state.equals("all") && !state.equals(pr.path("state").asText())
                || q.containsKey("head") && !q.get("head").equals(pr.path("head").path("label").asText())
                || q.containsKey("base") && !q.get("base").equals(pr.path("base").path("ref").asText()));
        int perPage = Math.min(100, Integer.parseInt(q.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        for (ObjectNode pr : newestFirst.subList(Math.min(newestFirst.size(), (page - 1) * perPage),
                Math.min(newestFirst.size(), page * perPage))) {
            ObjectNode simple = SimulatedApi.visible(pr);
            simple.remove(List.of("merged", "mergeable", "mergeable_state"));
            list.add(simple);
        }
        if (SimulatedApi.sendTagged(request, response, list) == 304) notModified.incrementAndGet();
    }

    private static ObjectNode validation() {
        ObjectNode error = JSON.createObjectNode().put("message", "Validation Failed")
                .put("documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request")
                .put("status", "422");
        error.putArray("errors");
        return error;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
