package io.jenkins.plugins.gitops.core.wait.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * source-controller plus kustomize-/helm-controller in miniature: a changed {@code requestedAt} on the GitRepository
 * makes it fetch the branch head; a new artifact or a changed request on the Kustomization/HelmRelease starts a
 * reconcile (Reconciling, lastAttemptedRevision) that ends Ready, failed (Ready=False with {@link #failWith}) or stalled.
 */
public final class FluxControllerSim implements KubeSimulator.Controller {

    public static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

    private final ConfigRepo repo;
    private final String sourcePath;
    private final String objectPath;
    private final boolean helm;
    /** Ready=False reason to end reconciles with, e.g. {@code HealthCheckFailed}; null for success. */
    public volatile String failWith;
    /** End reconciles with Stalled=True. */
    public volatile boolean stall;
    /** FetchFailed reason for the source's next fetches, e.g. {@code AuthenticationFailed}; null to fetch. */
    public volatile String sourceFailsWith;
    /** Whether the source's failure is terminal (Stalled=True), as for an invalid URL. */
    public volatile boolean sourceStalls;
    private String handledSourceToken;
    private String handledObjectToken;
    private String handledArtifact;
    private boolean reconciling;

    public FluxControllerSim(ConfigRepo repo, String sourcePath, String objectPath, boolean helm) {
        this.repo = repo;
        this.sourcePath = sourcePath;
        this.objectPath = objectPath;
        this.helm = helm;
    }

    /** A GitRepository and a Kustomization (or HelmRelease) from the fixtures, Ready on {@code applied}. */
    public static String[] install(KubeSimulator api, String applied, boolean helm) {
        ObjectNode source = Fixtures.load("flux/gitrepository-ready.json");
        source.with("status").with("artifact").put("revision", "main@sha1:" + applied);
        String sourcePath = api.put("gitrepositories", source);
        ObjectNode object;
        if (helm) {
            object = Fixtures.load("flux/helmrelease-ready.json");
            ObjectNode status = object.with("status");
            status.put("lastAttemptedRevision", chartVersion(applied));
            ((ObjectNode) status.withArray("history").get(0)).put("chartVersion", chartVersion(applied));
        } else {
            object = Fixtures.load("flux/kustomization-ready.json");
            object.with("status").put("lastAppliedRevision", "main@sha1:" + applied);
            object.with("status").put("lastAttemptedRevision", "main@sha1:" + applied);
        }
        String objectPath = api.put(helm ? "helmreleases" : "kustomizations", object);
        return new String[] {sourcePath, objectPath};
    }

    static String chartVersion(String sha) {
        return "0.3.0+" + sha.substring(0, 12);
    }

    @Override
    public boolean step(KubeSimulator api) {
        ObjectNode source = api.object(sourcePath);
        String sourceToken = source.path("metadata").path("annotations").path(REQUESTED_AT).asText(null);
        if (sourceToken != null && !sourceToken.equals(handledSourceToken)
                && !sourceToken.equals(source.path("status").path("lastHandledReconcileAt").asText(null))) {
            handledSourceToken = sourceToken;
            String failure = sourceFailsWith;
            if (failure != null) {
                api.update(sourcePath, s -> failFetch(s, failure, sourceToken));
                return true;
            }
            String revision = "main@sha1:" + head();
            api.update(sourcePath, s -> {
                ObjectNode status = s.with("status");
                status.with("artifact").put("revision", revision);
                status.put("lastHandledReconcileAt", sourceToken);
                for (var condition : status.withArray("conditions")) {
                    ((ObjectNode) condition).put("message", "stored artifact for revision '" + revision + "'");
                }
            });
            return true;
        }
        String artifact = api.object(sourcePath).path("status").path("artifact").path("revision").asText();
        ObjectNode object = api.object(objectPath);
        String objectToken = object.path("metadata").path("annotations").path(REQUESTED_AT).asText(null);
        if (!reconciling) {
            boolean requested = objectToken != null && !objectToken.equals(handledObjectToken)
                    && !objectToken.equals(object.path("status").path("lastHandledReconcileAt").asText(null));
            boolean newArtifact = handledArtifact != null && !artifact.equals(handledArtifact);
            handledArtifact = artifact;
            if (!requested && !newArtifact) {
                return false;
            }
            handledObjectToken = objectToken;
            reconciling = true;
            api.update(objectPath, o -> startReconcile(o, artifact));
            return true;
        }
        reconciling = false;
        api.update(objectPath, o -> finishReconcile(o, artifact, objectToken));
        return true;
    }

    private void failFetch(ObjectNode source, String reason, String token) {
        ObjectNode status = source.with("status");
        long generation = source.path("metadata").path("generation").asLong();
        String message = "failed to checkout and determine revision: unable to clone '"
                + source.path("spec").path("url").asText() + "': " + (reason.equals("AuthenticationFailed")
                        ? "authentication required" : "invalid URL");
        ArrayNode conditions = status.putArray("conditions");
        if (sourceStalls) {
            condition(conditions, "Stalled", "True", reason, message, generation);
        }
        condition(conditions, "Ready", "False", reason, message, generation);
        condition(conditions, "FetchFailed", "True", reason, message, generation);
        status.put("lastHandledReconcileAt", token);
        status.put("observedGeneration", generation);
    }

    private void startReconcile(ObjectNode o, String artifact) {
        ObjectNode status = o.with("status");
        String sha = artifact.substring(artifact.lastIndexOf(':') + 1);
        status.put("lastAttemptedRevision", helm ? chartVersion(sha) : artifact);
        ArrayNode conditions = status.putArray("conditions");
        long generation = o.path("metadata").path("generation").asLong();
        condition(conditions, "Reconciling", "True", "Progressing",
                "Running health checks for revision " + artifact + " with a timeout of 5m0s", generation);
        condition(conditions, "Ready", "Unknown", "Progressing", "Reconciliation in progress", generation);
    }

    private void finishReconcile(ObjectNode o, String artifact, String token) {
        ObjectNode status = o.with("status");
        String sha = artifact.substring(artifact.lastIndexOf(':') + 1);
        long generation = o.path("metadata").path("generation").asLong();
        ArrayNode conditions = status.putArray("conditions");
        if (token != null) {
            status.put("lastHandledReconcileAt", token);
        }
        if (stall) {
            condition(conditions, "Stalled", "True", "BuildFailed",
                    "kustomize build failed: accumulating resources: 'envs/prod/web/missing.yaml' not found", generation);
            condition(conditions, "Ready", "False", "BuildFailed",
                    "kustomize build failed: accumulating resources: 'envs/prod/web/missing.yaml' not found", generation);
            status.put("observedGeneration", generation);
        } else if (failWith != null) {
            condition(conditions, "Reconciling", "True", "ProgressingWithRetry",
                    "Running health checks for revision " + artifact + " with a timeout of 5m0s", generation);
            condition(conditions, "Ready", "False", failWith,
                    "health check failed after 5m0.031846191s: timeout waiting for: [Deployment/shop/web status: 'InProgress']",
                    generation);
        } else {
            String message = helm ? "Helm upgrade succeeded for release shop/shop-api.v8 with chart shop-api@"
                    + chartVersion(sha) : "Applied revision: " + artifact;
            condition(conditions, "Ready", "True", helm ? "UpgradeSucceeded" : "ReconciliationSucceeded", message,
                    generation);
            status.put("observedGeneration", generation);
            if (helm) {
                ObjectNode latest = ((ObjectNode) status.withArray("history").get(0)).deepCopy();
                latest.put("chartVersion", chartVersion(sha));
                latest.put("version", latest.path("version").asInt() + 1);
                ((ObjectNode) status.withArray("history").get(0)).put("status", "superseded");
                status.withArray("history").insert(0, latest);
            } else {
                status.put("lastAppliedRevision", artifact);
            }
        }
    }

    private static void condition(ArrayNode conditions, String type, String status, String reason, String message,
            long generation) {
        ObjectNode c = conditions.addObject();
        c.put("lastTransitionTime", "2026-08-23T10:15:30Z");
        c.put("message", message);
        c.put("observedGeneration", generation);
        c.put("reason", reason);
        c.put("status", status);
        c.put("type", type);
    }

    private String head() {
        try {
            return repo.head();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
