package io.jenkins.plugins.gitops.core.wait.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;

/**
 * The rules of {@code kubectl rollout status} for Deployments, StatefulSets and DaemonSets, with kubectl's messages,
 * so that the build log reads like what people know.
 */
public final class RolloutStatus {

    /** One judgement: {@code complete}, {@code failed}, or still in progress when neither. */
    public record Result(boolean complete, boolean failed, String message) {
        static Result waiting(String message) {
            return new Result(false, false, message);
        }

        static Result done(String message) {
            return new Result(true, false, message);
        }

        static Result error(String message) {
            return new Result(false, true, message);
        }
    }

    private RolloutStatus() {
    }

    public static Result of(RolloutTarget.Kind kind, JsonNode object) {
        return switch (kind) {
            case DEPLOYMENT -> deployment(object);
            case STATEFUL_SET -> statefulSet(object);
            case DAEMON_SET -> daemonSet(object);
        };
    }

    static Result deployment(JsonNode d) {
        String name = d.path("metadata").path("name").asText();
        JsonNode status = d.path("status");
        if (d.path("metadata").path("generation").asLong() > status.path("observedGeneration").asLong()) {
            return Result.waiting("Waiting for deployment spec update to be observed...");
        }
        for (JsonNode condition : status.path("conditions")) {
            if ("Progressing".equals(condition.path("type").asText())
                    && "ProgressDeadlineExceeded".equals(condition.path("reason").asText())) {
                return Result.error("deployment \"" + name + "\" exceeded its progress deadline"
                        + suffix(condition.path("message").asText("")));
            }
        }
        long updated = status.path("updatedReplicas").asLong();
        long replicas = status.path("replicas").asLong();
        long available = status.path("availableReplicas").asLong();
        JsonNode wanted = d.path("spec").path("replicas");
        if (wanted.isNumber() && updated < wanted.asLong()) {
            return Result.waiting("Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of "
                    + wanted.asLong() + " new replicas have been updated...");
        }
        if (replicas > updated) {
            return Result.waiting("Waiting for deployment \"" + name + "\" rollout to finish: " + (replicas - updated)
                    + " old replicas are pending termination...");
        }
        if (available < updated) {
            return Result.waiting("Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of "
                    + updated + " updated replicas are available...");
        }
        return Result.done("deployment \"" + name + "\" successfully rolled out");
    }

    static Result statefulSet(JsonNode s) {
        JsonNode spec = s.path("spec");
        JsonNode status = s.path("status");
        String strategy = spec.path("updateStrategy").path("type").asText("RollingUpdate");
        if (!strategy.equals("RollingUpdate")) {
            return Result.error("rollout status is only available for RollingUpdate strategy type");
        }
        long observed = status.path("observedGeneration").asLong();
        if (observed == 0 || s.path("metadata").path("generation").asLong() > observed) {
            return Result.waiting("Waiting for statefulset spec update to be observed...");
        }
        long ready = status.path("readyReplicas").asLong();
        JsonNode wanted = spec.path("replicas");
        if (wanted.isNumber() && ready < wanted.asLong()) {
            return Result.waiting("Waiting for " + (wanted.asLong() - ready) + " pods to be ready...");
        }
        JsonNode partition = spec.path("updateStrategy").path("rollingUpdate").path("partition");
        long updated = status.path("updatedReplicas").asLong();
        if (partition.isNumber() && wanted.isNumber()) {
            long mustUpdate = wanted.asLong() - partition.asLong();
            if (updated < mustUpdate) {
                return Result.waiting("Waiting for partitioned roll out to finish: " + updated + " out of " + mustUpdate
                        + " new pods have been updated...");
            }
            return Result.done("partitioned roll out complete: " + updated + " new pods have been updated...");
        }
        String updateRevision = status.path("updateRevision").asText("");
        if (!updateRevision.equals(status.path("currentRevision").asText(""))) {
            return Result.waiting("waiting for statefulset rolling update to complete " + updated + " pods at revision "
                    + updateRevision + "...");
        }
        return Result.done("statefulset rolling update complete " + status.path("currentReplicas").asLong()
                + " pods at revision " + status.path("currentRevision").asText() + "...");
    }

    static Result daemonSet(JsonNode d) {
        String name = d.path("metadata").path("name").asText();
        JsonNode status = d.path("status");
        String strategy = d.path("spec").path("updateStrategy").path("type").asText("RollingUpdate");
        if (!strategy.equals("RollingUpdate")) {
            return Result.error("rollout status is only available for RollingUpdate strategy type");
        }
        if (d.path("metadata").path("generation").asLong() > status.path("observedGeneration").asLong()) {
            return Result.waiting("Waiting for daemon set spec update to be observed...");
        }
        long desired = status.path("desiredNumberScheduled").asLong();
        long updated = status.path("updatedNumberScheduled").asLong();
        long available = status.path("numberAvailable").asLong();
        if (updated < desired) {
            return Result.waiting("Waiting for daemon set \"" + name + "\" rollout to finish: " + updated + " out of "
                    + desired + " new pods have been updated...");
        }
        if (available < desired) {
            return Result.waiting("Waiting for daemon set \"" + name + "\" rollout to finish: " + available + " of "
                    + desired + " updated pods are available...");
        }
        return Result.done("daemon set \"" + name + "\" successfully rolled out");
    }

    private static String suffix(String message) {
        return message.isEmpty() ? "" : " (" + message + ")";
    }
}
