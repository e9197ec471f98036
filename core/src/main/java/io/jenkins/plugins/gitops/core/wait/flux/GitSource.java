package io.jenkins.plugins.gitops.core.wait.flux;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The GitRepository a Flux object takes its revisions from, as last seen: when the object stays on an older commit,
 * the reason is often here (the source cannot fetch, or is stalled).
 */
record GitSource(String namespace, String name, String artifactRevision, FluxObject.Condition ready,
        FluxObject.Condition stalled) {

    static GitSource of(JsonNode object) {
        JsonNode revision = object.path("status").path("artifact").path("revision");
        return new GitSource(object.path("metadata").path("namespace").asText(),
                object.path("metadata").path("name").asText(), revision.isTextual() ? revision.asText() : null,
                FluxObject.conditionOf(object, "Ready"), FluxObject.conditionOf(object, "Stalled"));
    }

    boolean isStalled() {
        return stalled != null && stalled.isTrue();
    }

    /** One line for the log and the diagnosis. */
    String describe() {
        String self = "GitRepository " + namespace + "/" + name;
        if (isStalled()) {
            return self + " is stalled: " + stalled.reason() + ": " + stalled.message();
        }
        if (ready != null && "False".equals(ready.status())) {
            return self + " cannot fetch: " + ready.reason() + ": " + ready.message()
                    + (artifactRevision == null ? "" : "; last artifact " + artifactRevision);
        }
        if (artifactRevision == null) {
            return self + " has no artifact yet";
        }
        return self + " has fetched " + artifactRevision;
    }
}
