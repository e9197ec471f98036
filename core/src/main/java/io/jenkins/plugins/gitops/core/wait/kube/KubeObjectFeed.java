package io.jenkins.plugins.gitops.core.wait.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.SharedFeed;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one Kubernetes object: GET, then a watch from that resourceVersion; when the watch ends it watches again,
 * and re-reads the object when the server says the version is gone (410) or after errors.
 */
public final class KubeObjectFeed extends SharedFeed {

    private final JsonHttp http;
    private final String objectUrl;
    private final String watchUrl;
    private JsonHttp.LineStream stream;
    private ScheduledFuture<?> next;
    private String resourceVersion;
    private boolean mustRelist;

    /** @param collectionUrl e.g. {@code https://api:6443/apis/apps/v1/namespaces/shop/deployments} */
    public KubeObjectFeed(WaitRuntime runtime, JsonHttp http, String collectionUrl, String name) {
        super(runtime);
        this.http = http;
        this.objectUrl = collectionUrl + "/" + name;
        this.watchUrl = collectionUrl + "?watch=1&fieldSelector="
                + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8) + "&timeoutSeconds=300";
    }

    @Override
    protected synchronized void start() {
        list();
    }

    @Override
    protected synchronized void stop() {
        if (stream != null) {
            stream.cancel();
        }
        if (next != null) {
            next.cancel(false);
        }
    }

    private void list() {
        if (isStopped()) {
            return;
        }
        http.get(URI.create(objectUrl)).whenComplete((object, error) -> {
            if (isStopped()) {
                return;
            }
            if (error != null) {
                retry(ApiException.from(error), this::list);
                return;
            }
            succeeded();
            offer(object);
            synchronized (this) {
                resourceVersion = object.path("metadata").path("resourceVersion").asText(null);
                mustRelist = false;
            }
            watch();
        });
    }

    private synchronized void watch() {
        if (isStopped()) {
            return;
        }
        String uri = watchUrl + (resourceVersion == null ? "" : "&resourceVersion=" + resourceVersion);
        JsonHttp.LineStream opened = http.stream(URI.create(uri), this::onLine);
        stream = opened;
        opened.ended().whenComplete((ignored, error) -> {
            if (isStopped()) {
                return;
            }
            if (error != null) {
                retry(ApiException.from(error), this::list);
            } else if (mustRelist) {
                schedule(this::list, Duration.ZERO);
            } else {
                schedule(this::watch, Duration.ZERO);
            }
        });
    }

    private void onLine(String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode event;
        try {
            event = JsonHttp.JSON.readTree(line);
        } catch (IOException e) {
            return;
        }
        String type = event.path("type").asText();
        JsonNode object = event.path("object");
        switch (type) {
            case "ADDED", "MODIFIED" -> {
                synchronized (this) {
                    resourceVersion = object.path("metadata").path("resourceVersion").asText(resourceVersion);
                }
                succeeded();
                offer(object);
            }
            case "BOOKMARK" -> {
                synchronized (this) {
                    resourceVersion = object.path("metadata").path("resourceVersion").asText(resourceVersion);
                }
            }
            case "DELETED" -> publish(new io.jenkins.plugins.gitops.core.wait.FeedEvent.Refused(
                    new ApiException(404, "the object was deleted", null)));
            case "ERROR" -> {
                synchronized (this) {
                    mustRelist = true;
                    resourceVersion = null;
                }
            }
            default -> {
                // unknown event types carry nothing we need
            }
        }
    }

    private void retry(ApiException error, Runnable task) {
        Duration delay = failed(error);
        if (delay != null) {
            schedule(task, delay);
        }
    }

    private synchronized void schedule(Runnable task, Duration delay) {
        if (!isStopped()) {
            next = runtime.scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
