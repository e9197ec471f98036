package io.jenkins.plugins.gitops.core.wait.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.testing.TestTls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Kubernetes API server for single objects: GET, merge-PATCH (bumping generation when the spec changes), and
 * watches ({@code ?watch=1&fieldSelector=metadata.name=...}) streaming {@code {"type","object"}} lines. Errors are
 * apimachinery Status objects as in the fixtures. Simulated controllers change status in {@link #step()}.
 */
public final class KubeSimulator extends SimServer {

    public static final String TOKEN = "kube-test-token";

    /** A simulated controller: makes at most one status transition per call, returns whether it did. */
    public interface Controller {
        boolean step(KubeSimulator api);
    }

    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final List<Controller> controllers = new ArrayList<>();
    private final Set<String> forbidden = new HashSet<>();
    private final List<JsonNode> patches = new ArrayList<>();
    private long resourceVersion = 48213000;
    private ScheduledExecutorService autopilot;
    private int watchesToCut;

    public KubeSimulator() {
        this(null);
    }

    /** @param tls the identity to serve HTTPS with, or null for plain HTTP */
    public KubeSimulator(TestTls tls) {
        super(tls);
    }

    /**
     * The next {@code count} watches end at once with an empty 200 answer, as behind a proxy that cuts long requests
     * or buffers them; {@link Integer#MAX_VALUE} for all of them.
     */
    public synchronized void cutWatches(int count) {
        watchesToCut = count;
    }

    public synchronized void addController(Controller controller) {
        controllers.add(controller);
    }

    /** Stores {@code object} at its API path (derived from apiVersion, kind plural, namespace and name). */
    public synchronized String put(String plural, ObjectNode object) {
        String path = pathOf(object.path("apiVersion").asText(), plural, object.path("metadata").path("namespace").asText(),
                object.path("metadata").path("name").asText());
        store(path, object);
        return path;
    }

    public static String pathOf(String apiVersion, String plural, String namespace, String name) {
        String prefix = apiVersion.contains("/") ? "/apis/" : "/api/";
        return prefix + apiVersion + "/namespaces/" + namespace + "/" + plural + "/" + name;
    }

    public synchronized ObjectNode object(String path) {
        ObjectNode object = objects.get(path);
        return object == null ? null : object.deepCopy();
    }

    /** Changes an object as a controller would (status) and notifies watchers. */
    public synchronized void update(String path, Consumer<ObjectNode> change) {
        ObjectNode object = objects.get(path).deepCopy();
        change.accept(object);
        store(path, object);
    }

    /** Changes the spec as a user would: generation goes up. */
    public synchronized void updateSpec(String path, Consumer<ObjectNode> change) {
        update(path, object -> {
            change.accept((ObjectNode) object.path("spec"));
            ObjectNode metadata = (ObjectNode) object.path("metadata");
            metadata.put("generation", metadata.path("generation").asLong() + 1);
        });
    }

    public synchronized void forbidPatch(String path) {
        forbidden.add(path);
    }

    public synchronized List<JsonNode> patches() {
        return List.copyOf(patches);
    }

    public synchronized boolean step() {
        boolean changed = false;
        for (Controller controller : controllers) {
            changed |= controller.step(this);
        }
        return changed;
    }

    public synchronized void autopilot(Duration period) {
        autopilot = Executors.newSingleThreadScheduledExecutor();
        autopilot.scheduleWithFixedDelay(this::step, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void store(String path, ObjectNode object) {
        ((ObjectNode) object.path("metadata")).put("resourceVersion", Long.toString(++resourceVersion));
        objects.put(path, object);
        push(path, event("MODIFIED", object));
    }

    private static String event(String type, JsonNode object) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        return event + "\n";
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            countUp("unauthorized");
            status(response, 401, "Unauthorized", "Unauthorized", null);
            return;
        }
        String path = request.getRequestURI();
        String method = request.getMethod();
        if (method.equals("GET") && "1".equals(request.getParameter("watch"))) {
            countUp("watch");
            synchronized (this) {
                if (watchesToCut > 0) {
                    watchesToCut--;
                    countUp("cut watch");
                    response.setStatus(200);
                    response.setContentType("application/json");
                    return;
                }
            }
            String selector = request.getParameter("fieldSelector");
            String key = path + "/" + selector.substring("metadata.name=".length());
            String first;
            Listener listener;
            synchronized (this) {
                listener = listen(key::equals);
                ObjectNode current = objects.get(key);
                String since = request.getParameter("resourceVersion");
                boolean newer = current != null && (since == null
                        || Long.parseLong(current.path("metadata").path("resourceVersion").asText()) > Long.parseLong(since));
                first = newer ? event("MODIFIED", current) : null;
            }
            stream(response, "application/json", first, listener);
            return;
        }
        if (method.equals("GET")) {
            countUp("get");
            ObjectNode object = object(path);
            if (object == null) {
                notFound(response, path);
            } else {
                send(response, 200, object);
            }
            return;
        }
        if (method.equals("PATCH")) {
            countUp("patch");
            patch(path, request, response);
            return;
        }
        status(response, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
    }

    private synchronized void patch(String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String[] parts = path.split("/");
        if (forbidden.contains(path)) {
            status(response, 403, "Forbidden", parts[parts.length - 2] + "." + parts[2] + " \"" + parts[parts.length - 1]
                    + "\" is forbidden: User \"system:serviceaccount:ci:jenkins\" cannot patch resource \""
                    + parts[parts.length - 2] + "\" in API group \"" + parts[2] + "\" in the namespace \""
                    + parts[parts.length - 3] + "\"", details(path));
            return;
        }
        ObjectNode current = objects.get(path);
        if (current == null) {
            notFound(response, path);
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.startsWith("application/merge-patch+json")) {
            status(response, 415, "UnsupportedMediaType", "the body of the request was in an unknown format", null);
            return;
        }
        JsonNode patch = readBody(request);
        patches.add(patch);
        ObjectNode updated = current.deepCopy();
        JsonNode specBefore = updated.path("spec").deepCopy();
        merge(updated, patch);
        if (!updated.path("spec").equals(specBefore)) {
            ObjectNode metadata = (ObjectNode) updated.path("metadata");
            metadata.put("generation", metadata.path("generation").asLong() + 1);
        }
        store(path, updated);
        send(response, 200, updated);
    }

    /** RFC 7386 JSON merge patch. */
    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.path(field.getKey()).isObject()) {
                merge((ObjectNode) target.get(field.getKey()), value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    private void notFound(HttpServletResponse response, String path) throws IOException {
        String[] parts = path.split("/");
        String resource = parts[parts.length - 2] + (path.startsWith("/apis/") ? "." + parts[2] : "");
        status(response, 404, "NotFound", resource + " \"" + parts[parts.length - 1] + "\" not found", details(path));
    }

    private static ObjectNode details(String path) {
        String[] parts = path.split("/");
        ObjectNode details = JSON.createObjectNode();
        details.put("name", parts[parts.length - 1]);
        details.put("group", path.startsWith("/apis/") ? parts[2] : "");
        details.put("kind", parts[parts.length - 2]);
        return details;
    }

    private static void status(HttpServletResponse response, int code, String reason, String message, ObjectNode details)
            throws IOException {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        send(response, code, status);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (autopilot != null) {
                autopilot.shutdownNow();
            }
        }
        super.close();
    }
}
