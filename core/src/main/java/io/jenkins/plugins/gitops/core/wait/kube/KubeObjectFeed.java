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
 * and re-reads the object when the server says the version is gone (410) or after errors. A server (or proxy) that
 * answers a watch with something other than an event stream, or ends it at once without an event, is polled instead,
 * with the interval doubling while nothing changes.
 */
public final class KubeObjectFeed extends SharedFeed {

    private final JsonHttp http;
    private final String objectUrl;
    private final String watchUrl;
    private JsonHttp.LineStream stream;
    private ScheduledFuture<?> next;
    private String resourceVersion;
    private boolean mustRelist;
    private boolean polling;
    private Duration pollInterval;
    private long watchStarted;
    private int watchEvents;

    /** @param collectionUrl e.g. {@code https://api:6443/apis/apps/v1/namespaces/shop/deployments} */
    public KubeObjectFeed(WaitRuntime runtime, JsonHttp http, String collectionUrl, String name) {
        super(runtime);
        this.http = http;
        this.pollInterval = runtime.settings().pollInitial();
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
            JsonNode before = last();
            offer(object);
            boolean poll;
            synchronized (this) {
                resourceVersion = object.path("metadata").path("resourceVersion").asText(null);
                mustRelist = false;
                poll = polling;
                if (poll) {
                    boolean changed = before == null || !before.path("metadata").path("resourceVersion")
                            .equals(object.path("metadata").path("resourceVersion"));
                    Duration doubled = pollInterval.multipliedBy(2);
                    pollInterval = changed ? runtime.settings().pollInitial()
                            : doubled.compareTo(runtime.settings().pollMax()) > 0 ? runtime.settings().pollMax() : doubled;
                }
            }
            if (poll) {
                schedule(this::list, pollInterval);
            } else {
                watch();
            }
        });
    }

    private synchronized void watch() {
        if (isStopped()) {
            return;
        }
        String uri = watchUrl + (resourceVersion == null ? "" : "&resourceVersion=" + resourceVersion);
        watchStarted = System.nanoTime();
        watchEvents = 0;
        JsonHttp.LineStream opened = http.stream(URI.create(uri), this::onLine);
        stream = opened;
        opened.ended().whenComplete((ignored, error) -> {
            if (isStopped()) {
                return;
            }
            ApiException refused = error == null ? null : ApiException.from(error);
            boolean noWatchHere = refused != null ? refused.status() == 405 || refused.status() == 501
                    : endedAtOnceWithoutEvents();
            if (noWatchHere) {
                synchronized (this) {
                    polling = true;
                }
                schedule(this::list, pollInterval);
            } else if (refused != null) {
                retry(refused, this::list);
            } else if (mustRelist) {
                schedule(this::list, Duration.ZERO);
            } else {
                schedule(this::watch, Duration.ZERO);
            }
        });
    }

    private synchronized boolean endedAtOnceWithoutEvents() {
        return watchEvents == 0
                && Duration.ofNanos(System.nanoTime() - watchStarted).compareTo(runtime.settings().pollInitial()) < 0;
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
        if (!type.isEmpty()) {
            synchronized (this) {
                watchEvents++;
            }
        }
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
