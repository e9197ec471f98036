package io.jenkins.plugins.gitops.core.wait.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.kube.RolloutStatus;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * The baseline: what a pipeline does without the engine. One thread per wait asks the reconciler to look once
 * (like {@code argocd app get --refresh} or {@code flux reconcile --with-source}), then polls the object every second
 * until it is healthy on our commit (like a shell loop around {@code argocd app get} or {@code kubectl get}).
 */
final class NaiveWaiters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();
    private final String argoUrl;
    private final String kubeUrl;
    private final String ours;

    NaiveWaiters(String argoUrl, String kubeUrl, String ours) {
        this.argoUrl = argoUrl;
        this.kubeUrl = kubeUrl;
        this.ours = ours;
    }

    /** Starts one waiting thread that calls {@code done} with the time it saw the target healthy. */
    Thread start(String kind, String name, Instant deadline, LongConsumer done) {
        Thread thread = new Thread(() -> {
            try {
                kick(kind, name);
                while (Instant.now().isBefore(deadline)) {
                    if (healthy(kind, get(kind, objectUrl(kind, name)))) {
                        done.accept(System.currentTimeMillis());
                        return;
                    }
                    Thread.sleep(1000);
                }
            } catch (IOException e) {
                System.err.println(name + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "naive-wait-" + name);
        thread.start();
        return thread;
    }

    private String objectUrl(String kind, String name) {
        return switch (kind) {
            case "argocd" -> argoUrl + "/api/v1/applications/" + name + "?project=shop";
            case "flux" -> kubeUrl + "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/" + name;
            default -> kubeUrl + "/apis/apps/v1/namespaces/shop/deployments/" + name;
        };
    }

    private void kick(String kind, String name) throws IOException, InterruptedException {
        if (kind.equals("argocd")) {
            get(kind, objectUrl(kind, name) + "&refresh=normal");
        } else if (kind.equals("flux")) {
            String source = name.replaceFirst("^ks-", "src-");
            patch(kubeUrl + "/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/" + source);
            patch(objectUrl(kind, name));
        }
    }

    private boolean healthy(String kind, JsonNode object) {
        JsonNode status = object.path("status");
        return switch (kind) {
            case "argocd" -> status.path("sync").path("revision").asText().equals(ours)
                    && status.path("sync").path("status").asText().equals("Synced")
                    && status.path("health").path("status").asText().equals("Healthy") && !object.has("operation");
            case "flux" -> status.path("lastAppliedRevision").asText().equals("main@sha1:" + ours) && ready(status);
            default -> RolloutStatus.of(RolloutTarget.Kind.DEPLOYMENT, object).complete();
        };
    }

    private static boolean ready(JsonNode status) {
        for (JsonNode condition : status.path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private JsonNode get(String kind, String url) throws IOException, InterruptedException {
        String token = kind.equals("argocd") ? ArgoCdSimulator.TOKEN : KubeSimulator.TOKEN;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private void patch(String url) throws IOException, InterruptedException {
        String body = "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\"" + Instant.now() + "\"}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + KubeSimulator.TOKEN)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
        http.send(request, HttpResponse.BodyHandlers.discarding());
    }
}
