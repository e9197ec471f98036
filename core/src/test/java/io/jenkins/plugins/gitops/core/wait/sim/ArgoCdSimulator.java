package io.jenkins.plugins.gitops.core.wait.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.testing.TestTls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;

/**
 * An Argo CD API server that follows a real Git branch and moves applications through Argo CD's state machine:
 * refresh notices the branch head, auto-sync or POST sync starts an operation (Running), the controller finishes it
 * (Succeeded/Failed), reconciles after it and health goes Progressing then Healthy/Degraded. Speaks the fixture JSON,
 * error bodies included. Transitions happen in {@link #step()}, which tests call or run on an autopilot.
 */
public final class ArgoCdSimulator extends SimServer {

    public static final String TOKEN = "argocd-test-token";

    /** The simulated state of one application; tests may change the public fields through {@link #mutate}. */
    public static final class SimApp {
        public final String name;
        public String project = "shop";
        public String repoUrl = ConfigRepo.URL;
        public String targetRevision = "main";
        public boolean auto = true;
        public boolean multiSource;
        public boolean healthInApp = true;
        public String healthAfterSync = "Healthy";
        /** Revisions whose workload never becomes ready: Degraded after their sync, whatever healthAfterSync says. */
        public java.util.function.Predicate<String> degradedAt = revision -> false;
        public String failSyncWith;
        String desired;
        String live;
        String syncStatus = "Synced";
        String health = "Healthy";
        String healthMessage;
        String opRevision;
        String opPhase;
        String opMessage;
        String opBy;
        boolean opFailedResource;
        boolean operationRequested;
        Instant opStarted;
        Instant opFinished;
        Instant reconciledAt;
        final List<String[]> history = new ArrayList<>();
        final List<String[]> conditions = new ArrayList<>();
        final Set<String> attempted = new HashSet<>();

        SimApp(String name) {
            this.name = name;
        }
    }

    private final ConfigRepo repo;
    private final String token;
    private final Map<String, SimApp> apps = new ConcurrentHashMap<>();
    private long resourceVersion = 48212000;
    private Instant clock = Instant.parse("2026-08-23T10:14:00Z");
    private volatile boolean denySync;
    private volatile boolean streamDisabled;
    private ScheduledExecutorService autopilot;
    private final ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
    private volatile Duration refreshLatencyMin = Duration.ZERO;
    private volatile Duration refreshLatencyMax = Duration.ZERO;
    private final Random latencies = new Random(7);
    private final AtomicInteger refreshesInFlight = new AtomicInteger();
    private final AtomicInteger mostRefreshesInFlight = new AtomicInteger();

    public ArgoCdSimulator(ConfigRepo repo) {
        this(repo, TOKEN);
    }

    /** @param token the only bearer token the server accepts */
    public ArgoCdSimulator(ConfigRepo repo, String token) {
        this(repo, token, null);
    }

    /** @param tls the identity to serve HTTPS with, or null for plain HTTP */
    public ArgoCdSimulator(ConfigRepo repo, String token, TestTls tls) {
        super(tls);
        this.repo = repo;
        this.token = token;
    }

    /** Creates an application that runs the current head of {@code main}, Synced and Healthy. */
    public synchronized SimApp addApp(String name, Consumer<SimApp> setup) throws IOException {
        SimApp app = new SimApp(name);
        setup.accept(app);
        String head = repo.head();
        app.desired = head;
        app.live = head;
        app.opRevision = head;
        app.opPhase = "Succeeded";
        app.opMessage = "successfully synced (all tasks run)";
        app.opBy = "automated";
        app.opStarted = tick();
        app.opFinished = tick();
        app.reconciledAt = tick();
        app.history.add(new String[] {head, app.opFinished.toString()});
        apps.put(name, app);
        return app;
    }

    /** Someone else starts a sync (e.g. from the UI), so that an operation is running when a wait begins. */
    public synchronized void startOperationBy(String name, String user) {
        SimApp app = apps.get(name);
        startOperation(app, app.desired, user);
        publish(app);
    }

    /**
     * How long the controller takes to handle a refresh, drawn uniformly per request. A {@code GET ?refresh=} answers
     * only once the controller has handled it, as the real server does; zero (the default) handles it at once.
     */
    public void refreshLatency(Duration min, Duration max) {
        refreshLatencyMin = min;
        refreshLatencyMax = max;
    }

    /** The most {@code GET ?refresh=} requests that were held open at the same time. */
    public int mostRefreshesInFlight() {
        return mostRefreshesInFlight.get();
    }

    /** Answers the stream endpoint with 404, like a gateway that does not expose it. */
    public void disableStream() {
        streamDisabled = true;
    }

    public void denySync() {
        denySync = true;
    }

    public synchronized void mutate(String name, Consumer<SimApp> change) {
        change.accept(apps.get(name));
        publish(apps.get(name));
    }

    /** Performs the next controller transition of every application; returns whether anything changed. */
    public synchronized boolean step() {
        boolean changed = false;
        for (SimApp app : apps.values()) {
            if (stepOne(app)) {
                publish(app);
                changed = true;
            }
        }
        return changed;
    }

    /** Performs the next controller transition of one application; returns whether it changed. */
    public synchronized boolean step(String name) {
        SimApp app = apps.get(name);
        if (stepOne(app)) {
            publish(app);
            return true;
        }
        return false;
    }

    /** Whether the application runs {@code revision}, Synced and Healthy, with no operation left. */
    public synchronized boolean runsHealthy(String name, String revision) {
        SimApp app = apps.get(name);
        return revision.equals(app.live) && app.syncStatus.equals("Synced") && app.health.equals("Healthy")
                && !app.operationRequested;
    }

    /** Runs {@link #step()} on a fixed schedule, so that waits progress without the test driving each step. */
    public synchronized void autopilot(Duration period) {
        autopilot = Executors.newSingleThreadScheduledExecutor();
        autopilot.scheduleWithFixedDelay(this::step, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What a controller refresh does: resolve the branch, compare, and start an auto-sync if needed. */
    public synchronized void refresh(String name) {
        SimApp app = apps.get(name);
        app.desired = resolve(app.targetRevision);
        app.syncStatus = app.desired.equals(app.live) ? "Synced" : "OutOfSync";
        app.reconciledAt = tick();
        if (app.auto && app.syncStatus.equals("OutOfSync") && !app.operationRequested
                && !app.attempted.contains(app.desired)) {
            startOperation(app, app.desired, "automated");
        }
        publish(app);
    }

    private void refreshAndAwait(String name) throws IOException {
        long min = refreshLatencyMin.toMillis();
        long spread = refreshLatencyMax.toMillis() - min;
        long latency;
        synchronized (latencies) {
            latency = min + (spread > 0 ? (long) (latencies.nextDouble() * spread) : 0);
        }
        if (latency == 0) {
            refresh(name);
            return;
        }
        CompletableFuture<Void> handled = new CompletableFuture<>();
        mostRefreshesInFlight.accumulateAndGet(refreshesInFlight.incrementAndGet(), Math::max);
        controller.schedule(() -> {
            refresh(name);
            handled.complete(null);
        }, latency, TimeUnit.MILLISECONDS);
        try {
            handled.get(latency + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("application refresh deadline exceeded", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("application refresh deadline exceeded", e);
        } finally {
            refreshesInFlight.decrementAndGet();
        }
    }

    private boolean stepOne(SimApp app) {
        if (app.operationRequested && "Running".equals(app.opPhase)) {
            app.opFinished = tick();
            app.operationRequested = false;
            app.attempted.add(app.opRevision);
            if (app.failSyncWith != null) {
                app.opPhase = "Failed";
                app.opMessage = "one or more objects failed to apply, reason: " + app.failSyncWith;
                app.opFailedResource = true;
                if (app.auto) {
                    app.conditions.add(new String[] {"SyncError", "Failed last sync attempt to [" + app.opRevision
                            + "]: " + app.opMessage, app.opFinished.toString()});
                }
            } else {
                app.opPhase = "Succeeded";
                app.opMessage = "successfully synced (all tasks run)";
                app.live = app.opRevision;
                app.history.add(new String[] {app.opRevision, app.opFinished.toString()});
                app.health = "Progressing";
                app.healthMessage = null;
            }
            return true;
        }
        if (app.opFinished != null && app.reconciledAt.isBefore(app.opFinished)) {
            app.reconciledAt = tick();
            app.syncStatus = app.desired.equals(app.live) ? "Synced" : "OutOfSync";
            return true;
        }
        if (app.health.equals("Progressing")) {
            app.health = app.degradedAt.test(app.live) ? "Degraded" : app.healthAfterSync;
            app.healthMessage = app.health.equals("Degraded") ? "Caused by apps/Deployment:shop/web" : null;
            return true;
        }
        return false;
    }

    private void startOperation(SimApp app, String revision, String by) {
        app.operationRequested = true;
        app.opRevision = revision;
        app.opPhase = "Running";
        app.opMessage = "one or more tasks are running";
        app.opBy = by;
        app.opStarted = tick();
        app.opFinished = null;
        app.opFailedResource = false;
    }

    private String resolve(String targetRevision) {
        try {
            String ref = targetRevision.isEmpty() || targetRevision.equals("HEAD") ? "main" : targetRevision;
            if (ref.equals("main") || ref.equals("refs/heads/main")) {
                return repo.head();
            }
            return ObjectId.isId(ref) ? ref : repo.head();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private void publish(SimApp app) {
        resourceVersion++;
        ObjectNode event = JSON.createObjectNode();
        ObjectNode result = event.putObject("result");
        result.put("type", "MODIFIED");
        result.set("application", render(app));
        push(app.name, "data: " + event + "\n\n");
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.equals("Bearer " + token)) {
            countUp("unauthorized");
        }
        if (auth == null) {
            error(response, 401, 16, "no session information");
            return;
        }
        if (!auth.equals("Bearer " + token)) {
            error(response, 401, 16, "invalid session: token has invalid claims: token is expired");
            return;
        }
        String path = request.getRequestURI();
        String method = request.getMethod();
        if (method.equals("GET") && path.equals("/api/v1/stream/applications")) {
            countUp("stream");
            if (streamDisabled) {
                error(response, 404, 5, "Not Found");
                return;
            }
            String name = request.getParameter("name");
            String first;
            Listener listener;
            synchronized (this) {
                listener = listen(name::equals);
                SimApp app = apps.get(name);
                first = app == null ? null
                        : "data: {\"result\":{\"type\":\"ADDED\",\"application\":" + render(app) + "}}\n\n";
            }
            stream(response, "text/event-stream", first, listener);
            return;
        }
        String[] parts = path.split("/");
        if (parts.length < 5 || !path.startsWith("/api/v1/applications/")) {
            error(response, 404, 5, "Not Found");
            return;
        }
        String name = parts[4];
        String sub = parts.length > 5 ? parts[5] : "";
        if (method.equals("GET") && sub.isEmpty()) {
            countUp(request.getParameter("refresh") != null ? "refresh" : "get");
            SimApp app = visible(name, request.getParameter("project"), response);
            if (app == null) {
                return;
            }
            if (request.getParameter("refresh") != null) {
                refreshAndAwait(name);
            }
            synchronized (this) {
                send(response, 200, render(app));
            }
        } else if (method.equals("POST") && sub.equals("sync")) {
            countUp("sync");
            sync(name, (ObjectNode) readBody(request), response);
        } else if (method.equals("GET") && sub.equals("resource-tree")) {
            countUp("tree");
            SimApp app = visible(name, request.getParameter("project"), response);
            if (app != null) {
                synchronized (this) {
                    send(response, 200, tree(app));
                }
            }
        } else {
            error(response, 404, 5, "Not Found");
        }
    }

    private SimApp visible(String name, String project, HttpServletResponse response) throws IOException {
        SimApp app = apps.get(name);
        if (project == null && (app == null)) {
            error(response, 403, 7, "permission denied");
            return null;
        }
        if (app == null || !app.project.equals(project)) {
            error(response, 404, 5, "applications.argoproj.io \"" + name + "\" not found");
            return null;
        }
        return app;
    }

    private synchronized void sync(String name, ObjectNode body, HttpServletResponse response) throws IOException {
        SimApp app = visible(name, body.path("project").asText(null), response);
        if (app == null) {
            return;
        }
        if (denySync) {
            error(response, 403, 7, "permission denied: applications, sync, " + app.project + "/" + name
                    + ", sub: jenkins, iat: 2026-08-01T08:00:00Z");
            return;
        }
        if (app.operationRequested) {
            error(response, 400, 9, "error setting app operation: another operation is already in progress");
            return;
        }
        String revision = app.multiSource ? body.path("revisions").path(0).asText(null) : body.path("revision").asText(null);
        if (app.multiSource && body.path("sourcePositions").path(0).asInt() != 2) {
            error(response, 400, 3, "source position is out of range");
            return;
        }
        if (app.auto && revision != null && !revision.equals(app.targetRevision)) {
            error(response, 400, 9, "Cannot sync to " + revision + ": auto-sync currently set to " + app.targetRevision);
            return;
        }
        startOperation(app, revision == null ? app.desired : revision, "jenkins");
        publish(app);
        send(response, 200, render(app));
    }

    private static void error(HttpServletResponse response, int status, int code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        body.put("code", code);
        body.put("message", message);
        send(response, status, body);
    }

    // ---------------------------------------------------------------- JSON, in Go field order

    private ObjectNode render(SimApp app) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", app.name);
        metadata.put("namespace", "argocd");
        metadata.put("uid", "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f");
        metadata.put("resourceVersion", Long.toString(resourceVersion));
        metadata.put("generation", resourceVersion - 48210000);
        metadata.put("creationTimestamp", "2026-03-02T09:12:44Z");
        ObjectNode spec = root.putObject("spec");
        if (!app.multiSource) {
            spec.set("source", source(app));
        }
        ObjectNode destination = spec.putObject("destination");
        destination.put("server", "https://kubernetes.default.svc");
        destination.put("namespace", "shop");
        spec.put("project", app.project);
        ObjectNode syncPolicy = spec.putObject("syncPolicy");
        if (app.auto) {
            syncPolicy.putObject("automated").put("prune", true).put("selfHeal", true);
        }
        syncPolicy.putArray("syncOptions").add("CreateNamespace=true");
        if (app.multiSource) {
            spec.set("sources", sources(app));
        }
        ObjectNode status = root.putObject("status");
        ArrayNode resources = status.putArray("resources");
        resources.add(resource(app, "", "ConfigMap", "web-config", null, null));
        resources.add(resource(app, "", "Service", "web", app.healthInApp ? "Healthy" : null, null));
        resources.add(resource(app, "apps", "Deployment", "web", app.healthInApp ? app.health : null,
                app.health.equals("Degraded") ? "Deployment \"web\" exceeded its progress deadline" : null));
        ObjectNode sync = status.putObject("sync");
        sync.put("status", app.syncStatus);
        ObjectNode comparedTo = sync.putObject("comparedTo");
        comparedTo.set("source", app.multiSource ? JSON.createObjectNode().put("repoURL", "") : source(app));
        comparedTo.set("destination", destination.deepCopy());
        if (app.multiSource) {
            comparedTo.set("sources", sources(app));
            sync.putArray("revisions").add("4.2.1").add(app.desired);
        } else {
            sync.put("revision", app.desired);
        }
        ObjectNode health = status.putObject("health");
        health.put("status", app.health);
        if (app.healthMessage != null) {
            health.put("message", app.healthMessage);
        }
        health.put("lastTransitionTime", clock.toString());
        ArrayNode history = status.putArray("history");
        int id = 40;
        for (String[] entry : app.history) {
            ObjectNode h = history.addObject();
            if (!app.multiSource) {
                h.put("revision", entry[0]);
            }
            h.put("deployedAt", entry[1]);
            h.put("id", ++id);
            if (app.multiSource) {
                h.putObject("source").put("repoURL", "");
                h.set("sources", sources(app));
                h.putArray("revisions").add("4.2.1").add(entry[0]);
            } else {
                h.set("source", source(app));
            }
        }
        status.put("reconciledAt", app.reconciledAt.toString());
        if (app.opPhase != null) {
            ObjectNode operationState = status.putObject("operationState");
            operationState.set("operation", operation(app));
            operationState.put("phase", app.opPhase);
            operationState.put("message", app.opMessage);
            ObjectNode syncResult = operationState.putObject("syncResult");
            ArrayNode results = syncResult.putArray("resources");
            results.add(result("", "ConfigMap", "web-config", "Synced", "configmap/web-config configured", "Running"));
            results.add(result("", "Service", "web", "Synced", "service/web unchanged", "Running"));
            results.add(app.opFailedResource
                    ? result("apps", "Deployment", "web", "SyncFailed", app.failSyncWith, "Failed")
                    : result("apps", "Deployment", "web", "Synced", "deployment.apps/web configured", "Running"));
            if (app.multiSource) {
                syncResult.put("revision", "");
                syncResult.putObject("source").put("repoURL", "");
                syncResult.set("sources", sources(app));
                syncResult.putArray("revisions").add("4.2.1").add(app.opRevision);
            } else {
                syncResult.put("revision", app.opRevision);
                syncResult.set("source", source(app));
            }
            operationState.put("startedAt", app.opStarted.toString());
            if (app.opFinished != null) {
                operationState.put("finishedAt", app.opFinished.toString());
            }
        }
        if (!app.conditions.isEmpty()) {
            ArrayNode conditions = status.putArray("conditions");
            for (String[] c : app.conditions) {
                conditions.addObject().put("type", c[0]).put("message", c[1]).put("lastTransitionTime", c[2]);
            }
        }
        if (app.multiSource) {
            status.putArray("sourceTypes").add("Helm").add("");
        } else {
            status.put("sourceType", "Kustomize");
        }
        status.putObject("summary");
        status.put("resourceHealthSource", "appTree");
        status.put("controllerNamespace", "argocd");
        status.putObject("sourceHydrator");
        if (app.operationRequested) {
            root.set("operation", operation(app));
        }
        return root;
    }

    private ObjectNode operation(SimApp app) {
        ObjectNode operation = JSON.createObjectNode();
        ObjectNode sync = operation.putObject("sync");
        if (app.multiSource) {
            sync.set("sources", sources(app));
            sync.putArray("revisions").add("4.2.1").add(app.opRevision);
        } else {
            sync.put("revision", app.opRevision);
            sync.set("source", source(app));
        }
        sync.putArray("syncOptions").add("CreateNamespace=true");
        if (app.opBy.equals("automated")) {
            operation.putObject("initiatedBy").put("automated", true);
        } else {
            operation.putObject("initiatedBy").put("username", app.opBy);
        }
        operation.putObject("retry");
        return operation;
    }

    private static ObjectNode source(SimApp app) {
        ObjectNode source = JSON.createObjectNode();
        source.put("repoURL", app.repoUrl);
        source.put("path", "envs/prod/web");
        source.put("targetRevision", app.targetRevision);
        return source;
    }

    private static ArrayNode sources(SimApp app) {
        ArrayNode sources = JSON.createArrayNode();
        ObjectNode chart = sources.addObject();
        chart.put("repoURL", "https://charts.example.com/stable");
        chart.put("targetRevision", "4.2.1");
        chart.putObject("helm").put("releaseName", "web").putArray("valueFiles").add("$values/envs/prod/web/values.yaml");
        chart.put("chart", "web");
        ObjectNode values = sources.addObject();
        values.put("repoURL", app.repoUrl);
        values.put("targetRevision", app.targetRevision);
        values.put("ref", "values");
        return sources;
    }

    private static ObjectNode resource(SimApp app, String group, String kind, String name, String health, String message) {
        ObjectNode r = JSON.createObjectNode();
        if (!group.isEmpty()) {
            r.put("group", group);
        }
        r.put("version", "v1");
        r.put("kind", kind);
        r.put("namespace", "shop");
        r.put("name", name);
        r.put("status", app.syncStatus.equals("Synced") ? "Synced" : "OutOfSync");
        if (health != null) {
            ObjectNode h = r.putObject("health");
            h.put("status", health);
            if (message != null) {
                h.put("message", message);
            }
        }
        return r;
    }

    private static ObjectNode result(String group, String kind, String name, String status, String message,
            String hookPhase) {
        ObjectNode r = JSON.createObjectNode();
        r.put("group", group);
        r.put("version", "v1");
        r.put("kind", kind);
        r.put("namespace", "shop");
        r.put("name", name);
        r.put("status", status);
        r.put("message", message);
        r.put("hookPhase", hookPhase);
        r.put("syncPhase", "Sync");
        return r;
    }

    private ObjectNode tree(SimApp app) {
        ObjectNode tree = JSON.createObjectNode();
        ArrayNode nodes = tree.putArray("nodes");
        ObjectNode deployment = nodes.addObject();
        deployment.put("group", "apps").put("version", "v1").put("kind", "Deployment").put("namespace", "shop")
                .put("name", "web");
        ObjectNode health = deployment.putObject("health").put("status", app.health);
        if (app.health.equals("Degraded")) {
            health.put("message", "Deployment \"web\" exceeded its progress deadline");
        }
        tree.putArray("orphanedNodes");
        tree.putArray("hosts");
        return tree;
    }

    @Override
    public void close() {
        synchronized (this) {
            controller.shutdownNow();
            if (autopilot != null) {
                autopilot.shutdownNow();
            }
        }
        super.close();
    }
}
