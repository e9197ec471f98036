package io.jenkins.plugins.gitops.core.wait.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.SharedFeed;
import io.jenkins.plugins.gitops.core.wait.SilenceWatch;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one Kubernetes object: GET, then a watch from that resourceVersion; when the watch ends it watches again,
 * and re-reads the object when the server says the version is gone (410) or after errors. A watch that ends early
 * (before the longest poll interval) without an event is opened again only after a pause, and after three such
 * watches in a row (a proxy that cuts them, or a server that answers a watch with something other than an event
 * stream) or a 405/501 the object is polled instead, with the interval doubling while nothing changes; every tenth
 * poll tries a watch again. A quiet watch that the server ends at its timeout is simply opened again.
 */
public final class KubeObjectFeed extends SharedFeed {

    public static final int QUIET_WATCHES_BEFORE_POLLING = 3;
    public static final int POLLS_BETWEEN_WATCH_TRIES = 10;

    private final JsonHttp http;
    private final String objectUrl;
    private final String watchUrl;
    private JsonHttp.LineStream stream;
    private ScheduledFuture<?> next;
    private String resourceVersion;
    private boolean mustRelist;
    private boolean polling;
    private Duration pollInterval;
    private String lastPolledVersion;
    private int watchEvents;
    private long watchStarted;
    private int quietWatches;
    private int pollsSinceWatchTry;
    private final SilenceWatch silence;

    /** @param collectionUrl e.g. {@code https://api:6443/apis/apps/v1/namespaces/shop/deployments} */
    public KubeObjectFeed(WaitRuntime runtime, JsonHttp http, String collectionUrl, String name) {
        super(runtime);
        this.http = http;
        this.pollInterval = runtime.settings().pollInitial();
        this.objectUrl = collectionUrl + "/" + name;
        this.watchUrl = collectionUrl + "?watch=1&fieldSelector="
                + URLEncoder.encode("metadata.name=" + name, StandardCharsets.UTF_8) + "&allowWatchBookmarks=true&timeoutSeconds=300";
        this.silence = new SilenceWatch(runtime, this::askWhileSilent);
    }

    @Override
    protected synchronized void start() {
        list();
    }

    @Override
    protected synchronized void stop() {
        silence.close();
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
            boolean poll;
            synchronized (this) {
                resourceVersion = object.path("metadata").path("resourceVersion").asText(null);
                mustRelist = false;
                poll = polling && ++pollsSinceWatchTry < POLLS_BETWEEN_WATCH_TRIES;
                if (polling && !poll) {
                    polling = false;
                    pollsSinceWatchTry = 0;
                    quietWatches = QUIET_WATCHES_BEFORE_POLLING - 1;
                }
                if (poll) {
                    boolean changed = !Objects.equals(lastPolledVersion, resourceVersion);
                    lastPolledVersion = resourceVersion;
                    pollInterval = changed ? runtime.settings().pollInitial() : longerPoll(pollInterval);
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
        watchEvents = 0;
        watchStarted = System.nanoTime();
        JsonHttp.LineStream opened = http.stream(URI.create(uri), this::onLine);
        stream = opened;
        silence.streamOpened();
        opened.ended().whenComplete((ignored, error) -> {
            if (isStopped()) {
                return;
            }
            ApiException refused = error == null ? null : ApiException.from(error);
            if (refused != null && (refused.status() == 405 || refused.status() == 501)) {
                startPolling();
            } else if (refused != null) {
                retry(refused, this::list);
            } else if (mustRelist) {
                schedule(this::list, Duration.ZERO);
            } else {
                afterWatchEnded();
            }
        });
    }

    private void afterWatchEnded() {
        Duration pause;
        synchronized (this) {
            boolean endedEarly = Duration.ofNanos(System.nanoTime() - watchStarted)
                    .compareTo(runtime.settings().pollMax()) < 0;
            if (watchEvents > 0 || !endedEarly) {
                quietWatches = 0;
                pollInterval = runtime.settings().pollInitial();
                pause = Duration.ZERO;
            } else if (++quietWatches >= QUIET_WATCHES_BEFORE_POLLING) {
                pause = null;
            } else {
                pause = pollInterval;
                pollInterval = longerPoll(pollInterval);
            }
        }
        if (pause == null) {
            startPolling();
        } else {
            schedule(this::watch, pause);
        }
    }

    /** The watch said nothing for a poll interval (a bookmark counts): ask for the object instead. */
    private void askWhileSilent() {
        if (!isStopped()) {
            offerWhileSilent(http.get(URI.create(objectUrl)), this::isNews, silence);
        }
    }

    /** Whether {@code object} is at another resource version than the last state. */
    private boolean isNews(JsonNode object) {
        JsonNode last = last();
        return last == null || !Objects.equals(last.path("metadata").path("resourceVersion").asText(null),
                object.path("metadata").path("resourceVersion").asText(null));
    }

    private void startPolling() {
        silence.pause();
        synchronized (this) {
            polling = true;
            pollsSinceWatchTry = 0;
            pollInterval = runtime.settings().pollInitial();
            lastPolledVersion = resourceVersion;
        }
        schedule(this::list, pollInterval);
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
        if (!type.isEmpty() && event.path("object").isObject()) {
            synchronized (this) {
                watchEvents++;
            }
            silence.heard();
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
