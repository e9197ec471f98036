package io.jenkins.plugins.gitops.core.wait.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** The few Argo CD REST calls a wait makes; always sends the project so that 404 means a wrong name. */
public final class ArgoCdApi {

    private final ArgoCdTarget target;
    private final JsonHttp http;

    public ArgoCdApi(ArgoCdTarget target, JsonHttp http) {
        this.target = target;
        this.http = http;
    }

    public JsonHttp http() {
        return http;
    }

    public CompletableFuture<JsonNode> get() {
        return http.get(uri("/api/v1/applications/" + enc(target.application()) + "?project=" + enc(target.project())));
    }

    /** Asks Argo CD to compare with Git now; the server answers once the refresh is done. */
    public CompletableFuture<JsonNode> refresh() {
        return http.getHeldOpen(uri("/api/v1/applications/" + enc(target.application()) + "?refresh=normal&project="
                + enc(target.project())));
    }

    public CompletableFuture<JsonNode> resourceTree() {
        return http.get(uri("/api/v1/applications/" + enc(target.application()) + "/resource-tree?project="
                + enc(target.project())));
    }

    /** Starts a sync of source {@code sourceIndex} to {@code revision}. */
    public CompletableFuture<JsonNode> sync(String revision, int sourceIndex, boolean multiSource, String appNamespace) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("name", target.application());
        if (multiSource) {
            body.putArray("sourcePositions").add(sourceIndex + 1);
            body.putArray("revisions").add(revision);
        } else {
            body.put("revision", revision);
        }
        body.putObject("strategy").putObject("hook");
        if (appNamespace != null) {
            body.put("appNamespace", appNamespace);
        }
        body.put("project", target.project());
        return http.send("POST", uri("/api/v1/applications/" + enc(target.application()) + "/sync"), body,
                "application/json");
    }

    public URI streamUri() {
        return uri("/api/v1/stream/applications?name=" + enc(target.application()) + "&projects=" + enc(target.project()));
    }

    private URI uri(String pathAndQuery) {
        return URI.create(target.serverUrl() + pathAndQuery);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
