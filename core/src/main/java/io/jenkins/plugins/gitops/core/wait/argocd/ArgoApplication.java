package io.jenkins.plugins.gitops.core.wait.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.RepoUrls;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Read-only view of an Argo CD Application as the REST API returns it; hides single- vs multi-source layouts. */
public final class ArgoApplication {

    /** One entry of {@code spec.source} / {@code spec.sources}. */
    public record Source(String repoUrl, String targetRevision, String ref, String chart) {
    }

    private final JsonNode app;

    public ArgoApplication(JsonNode app) {
        this.app = app;
    }

    public JsonNode json() {
        return app;
    }

    public String name() {
        return app.path("metadata").path("name").asText("");
    }

    public String namespace() {
        return text(app.path("metadata").path("namespace"));
    }

    public boolean multiSource() {
        return app.path("spec").path("sources").size() > 0;
    }

    public List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        if (multiSource()) {
            app.path("spec").path("sources").forEach(s -> sources.add(source(s)));
        } else {
            sources.add(source(app.path("spec").path("source")));
        }
        return sources;
    }

    /** Index of the source that reads {@code repoUrl}, or -1. */
    public int sourceIndex(String repoUrl) {
        List<Source> sources = sources();
        for (int i = 0; i < sources.size(); i++) {
            if (RepoUrls.sameRepository(sources.get(i).repoUrl(), repoUrl)) {
                return i;
            }
        }
        return -1;
    }

    public boolean autoSync() {
        JsonNode automated = app.path("spec").path("syncPolicy").path("automated");
        return automated.isObject() && (!automated.has("enabled") || automated.path("enabled").asBoolean(true));
    }

    public String syncStatus() {
        return app.path("status").path("sync").path("status").asText("Unknown");
    }

    /** The revision Argo CD resolved for source {@code index} in its latest comparison with Git. */
    public String desiredRevision(int index) {
        JsonNode sync = app.path("status").path("sync");
        return multiSource() ? text(sync.path("revisions").path(index)) : text(sync.path("revision"));
    }

    public String health() {
        return app.path("status").path("health").path("status").asText("Unknown");
    }

    public String healthMessage() {
        return text(app.path("status").path("health").path("message"));
    }

    /** Whether an operation is requested or running (top-level {@code operation}). */
    public boolean operationRequested() {
        JsonNode operation = app.path("operation");
        return operation.isObject();
    }

    public boolean hasOperationState() {
        return app.path("status").path("operationState").isObject();
    }

    public String phase() {
        return text(op().path("phase"));
    }

    public String operationMessage() {
        return text(op().path("message"));
    }

    public Instant finishedAt() {
        return instant(op().path("finishedAt"));
    }

    public Instant reconciledAt() {
        return instant(app.path("status").path("reconciledAt"));
    }

    /** The revision the last operation synced (or tries to sync) for source {@code index}. */
    public String operationRevision(int index) {
        JsonNode result = op().path("syncResult");
        JsonNode sync = op().path("operation").path("sync");
        String revision = multiSource() ? text(result.path("revisions").path(index)) : text(result.path("revision"));
        if (revision == null) {
            revision = multiSource() ? text(sync.path("revisions").path(index)) : text(sync.path("revision"));
        }
        return revision;
    }

    /** Resources of the last operation that failed: status SyncFailed or hook phase Failed/Error. */
    public List<String> failedResources() {
        List<String> failed = new ArrayList<>();
        for (JsonNode r : op().path("syncResult").path("resources")) {
            String status = r.path("status").asText("");
            String hookPhase = r.path("hookPhase").asText("");
            if (status.equals("SyncFailed") || hookPhase.equals("Failed") || hookPhase.equals("Error")) {
                failed.add(resourceName(r) + ": " + r.path("message").asText(status));
            }
        }
        return failed;
    }

    /** {@code status.conditions} as {@code Type: message}. */
    public List<String> conditions() {
        List<String> conditions = new ArrayList<>();
        for (JsonNode c : app.path("status").path("conditions")) {
            conditions.add(c.path("type").asText() + ": " + c.path("message").asText());
        }
        return conditions;
    }

    public List<String> conditionMessages(String type) {
        List<String> messages = new ArrayList<>();
        for (JsonNode c : app.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                messages.add(c.path("message").asText());
            }
        }
        return messages;
    }

    /** Resources whose health is present and not Healthy, from {@code status.resources}. */
    public List<String> unhealthyResources(boolean degradedOnly) {
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode r : app.path("status").path("resources")) {
            String health = r.path("health").path("status").asText("");
            boolean bad = degradedOnly ? health.equals("Degraded") || health.equals("Missing")
                    : !health.isEmpty() && !health.equals("Healthy");
            if (bad) {
                unhealthy.add(describeHealth(r, health));
            }
        }
        return unhealthy;
    }

    /** Degraded or missing nodes of a resource tree ({@code GET .../resource-tree}). */
    public static List<String> degradedNodes(JsonNode tree) {
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode node : tree.path("nodes")) {
            String health = node.path("health").path("status").asText("");
            if (health.equals("Degraded") || health.equals("Missing")) {
                unhealthy.add(describeHealth(node, health));
            }
        }
        return unhealthy;
    }

    private static String describeHealth(JsonNode r, String health) {
        String message = r.path("health").path("message").asText("");
        return resourceName(r) + " " + health + (message.isEmpty() ? "" : ": " + message);
    }

    private static String resourceName(JsonNode r) {
        String group = r.path("group").asText("");
        String namespace = r.path("namespace").asText("");
        return (group.isEmpty() ? "" : group + "/") + r.path("kind").asText() + " "
                + (namespace.isEmpty() ? "" : namespace + "/") + r.path("name").asText();
    }

    private JsonNode op() {
        return app.path("status").path("operationState");
    }

    private static Source source(JsonNode s) {
        return new Source(s.path("repoURL").asText(""), s.path("targetRevision").asText(""), text(s.path("ref")),
                text(s.path("chart")));
    }

    static String text(JsonNode node) {
        return node.isValueNode() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static Instant instant(JsonNode node) {
        String value = text(node);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
