package io.jenkins.plugins.gitops.core.wait.flux;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;

/** Read-only view of a Flux Kustomization or HelmRelease; knows where each kind keeps its revisions. */
public final class FluxObject {

    /** A status condition. */
    public record Condition(String type, String status, String reason, String message, long observedGeneration) {
        public boolean isTrue() {
            return "True".equals(status);
        }

        @Override
        public String toString() {
            return type + "=" + status + " " + reason + ": " + message;
        }
    }

    private final FluxTarget.Kind kind;
    private final JsonNode object;

    public FluxObject(FluxTarget.Kind kind, JsonNode object) {
        this.kind = kind;
        this.object = object;
    }

    public long generation() {
        return object.path("metadata").path("generation").asLong();
    }

    public long observedGeneration() {
        return object.path("status").path("observedGeneration").asLong(-1);
    }

    public Condition condition(String type) {
        return conditionOf(object, type);
    }

    /** The status condition {@code type} of any Kubernetes object, or null. */
    static Condition conditionOf(JsonNode object, String type) {
        for (JsonNode c : object.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return new Condition(type, c.path("status").asText(), c.path("reason").asText(""),
                        c.path("message").asText(""), c.path("observedGeneration").asLong(0));
            }
        }
        return null;
    }

    public java.util.List<Condition> conditions() {
        java.util.List<Condition> all = new java.util.ArrayList<>();
        for (JsonNode c : object.path("status").path("conditions")) {
            all.add(condition(c.path("type").asText()));
        }
        return all;
    }

    /** The revision text as Flux shows it, e.g. {@code main@sha1:<sha>} or chart version {@code 0.3.0+<sha12>}. */
    public String appliedRevisionText() {
        if (kind == FluxTarget.Kind.KUSTOMIZATION) {
            return text(object.path("status").path("lastAppliedRevision"));
        }
        JsonNode latest = object.path("status").path("history").path(0);
        return "deployed".equals(latest.path("status").asText()) ? text(latest.path("chartVersion")) : null;
    }

    public String attemptedRevisionText() {
        return text(object.path("status").path("lastAttemptedRevision"));
    }

    /** The source that supplies the revision: {@code [kind, namespace, name]}, or null. */
    public String[] sourceRef() {
        JsonNode ref = kind == FluxTarget.Kind.KUSTOMIZATION ? object.path("spec").path("sourceRef")
                : object.path("spec").path("chart").path("spec").path("sourceRef");
        if (!ref.isObject()) {
            return null;
        }
        String namespace = ref.path("namespace").asText(object.path("metadata").path("namespace").asText());
        return new String[] {ref.path("kind").asText(), namespace, ref.path("name").asText()};
    }

    /**
     * The commit id inside a revision text: {@code main@sha1:<hex>}, {@code sha1:<hex>}, legacy {@code main/<hex>},
     * or the build metadata of a chart version {@code 0.3.0+<hex12>}. Null when there is none.
     */
    public static String commitOf(String revision) {
        if (revision == null) {
            return null;
        }
        String candidate;
        if (revision.contains(":")) {
            candidate = revision.substring(revision.lastIndexOf(':') + 1);
        } else if (revision.contains("+")) {
            candidate = revision.substring(revision.lastIndexOf('+') + 1);
        } else if (revision.contains("/")) {
            candidate = revision.substring(revision.lastIndexOf('/') + 1);
        } else {
            candidate = revision;
        }
        return candidate.matches("[0-9a-fA-F]{7,64}") ? candidate : null;
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
