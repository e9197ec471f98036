package io.jenkins.plugins.gitops.core.wait.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The deployment controller in miniature: after a spec change it observes the generation, surges a new replica set
 * one replica per step, scales the old one down and reports availability; or, with {@link #exceedDeadline}, stops
 * progressing and sets Progressing=False/ProgressDeadlineExceeded.
 */
public final class DeploymentControllerSim implements KubeSimulator.Controller {

    private final String path;
    public volatile boolean exceedDeadline;

    public DeploymentControllerSim(String path) {
        this.path = path;
    }

    @Override
    public boolean step(KubeSimulator api) {
        ObjectNode d = api.object(path);
        ObjectNode status = (ObjectNode) d.path("status");
        long generation = d.path("metadata").path("generation").asLong();
        long wanted = d.path("spec").path("replicas").asLong(1);
        long updated = status.path("updatedReplicas").asLong();
        long replicas = status.path("replicas").asLong();
        long available = status.path("availableReplicas").asLong();
        if (status.path("observedGeneration").asLong() < generation) {
            api.update(path, o -> {
                ObjectNode s = o.with("status");
                s.put("observedGeneration", generation);
                s.put("updatedReplicas", 1);
                s.put("replicas", wanted + 1);
                progressing(s, "True", "ReplicaSetUpdated", "ReplicaSet \"web-6b8f9d7c4d\" is progressing.");
            });
            return true;
        }
        if (exceedDeadline && updated < wanted) {
            if ("ProgressDeadlineExceeded".equals(progressingReason(status))) {
                return false;
            }
            api.update(path, o -> progressing(o.with("status"), "False", "ProgressDeadlineExceeded",
                    "ReplicaSet \"web-6b8f9d7c4d\" has timed out progressing."));
            return true;
        }
        if (updated < wanted) {
            api.update(path, o -> o.with("status").put("updatedReplicas", updated + 1));
            return true;
        }
        if (replicas > wanted) {
            api.update(path, o -> o.with("status").put("replicas", wanted));
            return true;
        }
        if (available < updated) {
            api.update(path, o -> {
                ObjectNode s = o.with("status");
                s.put("availableReplicas", updated);
                s.put("readyReplicas", updated);
                progressing(s, "True", "NewReplicaSetAvailable", "ReplicaSet \"web-6b8f9d7c4d\" has successfully progressed.");
            });
            return true;
        }
        return false;
    }

    private static String progressingReason(ObjectNode status) {
        for (var c : status.path("conditions")) {
            if ("Progressing".equals(c.path("type").asText())) {
                return c.path("reason").asText();
            }
        }
        return null;
    }

    private static void progressing(ObjectNode status, String value, String reason, String message) {
        ArrayNode conditions = status.withArray("conditions");
        for (var c : conditions) {
            if ("Progressing".equals(c.path("type").asText())) {
                ((ObjectNode) c).put("status", value).put("reason", reason).put("message", message)
                        .put("lastUpdateTime", "2026-08-23T10:15:02Z");
            }
        }
    }
}
