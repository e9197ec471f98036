package io.jenkins.plugins.gitops.core.wait.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.SharedFeed;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one application through Argo CD's event stream ({@code /api/v1/stream/applications}), reconnecting after
 * the server ends it; falls back to adaptive polling when the server has no stream endpoint.
 */
final class ArgoCdFeed extends SharedFeed {

    private final ArgoCdApi api;
    private JsonHttp.LineStream stream;
    private ScheduledFuture<?> next;
    private Duration pollInterval;

    ArgoCdFeed(WaitRuntime runtime, ArgoCdApi api) {
        super(runtime);
        this.api = api;
        this.pollInterval = runtime.settings().pollInitial();
    }

    @Override
    protected synchronized void start() {
        connect();
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

    private synchronized void connect() {
        if (isStopped()) {
            return;
        }
        EventStreamParser parser = new EventStreamParser(this::onMessage);
        JsonHttp.LineStream opened = api.http().stream(api.streamUri(), parser::line);
        stream = opened;
        opened.ended().whenComplete((ignored, error) -> {
            if (isStopped()) {
                return;
            }
            if (error == null) {
                schedule(this::connect, runtime.settings().retryInitial());
                return;
            }
            ApiException api = ApiException.from(error);
            if (api.status() == 404 || api.status() == 405 || api.status() == 501) {
                schedule(this::poll, Duration.ZERO);
                return;
            }
            Duration delay = failed(api);
            if (delay != null) {
                schedule(this::connect, delay);
            }
        });
    }

    private void poll() {
        if (isStopped()) {
            return;
        }
        api.get().whenComplete((app, error) -> {
            if (isStopped()) {
                return;
            }
            if (error != null) {
                Duration delay = failed(ApiException.from(error));
                if (delay != null) {
                    schedule(this::poll, delay);
                }
                return;
            }
            succeeded();
            boolean changed = last() == null || !last().path("status").equals(app.path("status"))
                    || !last().path("operation").equals(app.path("operation"));
            offer(app);
            synchronized (this) {
                pollInterval = changed ? runtime.settings().pollInitial() : longerPoll(pollInterval);
            }
            schedule(this::poll, pollInterval);
        });
    }

    private void onMessage(String json) {
        try {
            JsonNode message = JsonHttp.JSON.readTree(json);
            JsonNode app = message.path("result").path("application");
            if (app.isObject()) {
                succeeded();
                offer(app);
            }
        } catch (IOException e) {
            // a malformed event: the next one carries the full application again
        }
    }

    private synchronized void schedule(Runnable task, Duration delay) {
        if (!isStopped()) {
            next = runtime.scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
