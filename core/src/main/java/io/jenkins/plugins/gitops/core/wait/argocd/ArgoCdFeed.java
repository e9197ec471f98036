package io.jenkins.plugins.gitops.core.wait.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.SharedFeed;
import io.jenkins.plugins.gitops.core.wait.SilenceWatch;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one application through Argo CD's event stream ({@code /api/v1/stream/applications}), reconnecting after
 * the server ends it; falls back to adaptive polling when the server has no stream endpoint. The stream is trusted only
 * while it delivers: while it is silent the application is asked for ({@link SilenceWatch}), and after
 * {@value #USELESS_STREAMS_BEFORE_POLLING} streams in a row that ended before a whole event (a proxy that cuts them)
 * the application is polled, trying the stream again every {@value #POLLS_BETWEEN_STREAM_TRIES} polls.
 */
final class ArgoCdFeed extends SharedFeed {

    static final int USELESS_STREAMS_BEFORE_POLLING = 3;
    static final int POLLS_BETWEEN_STREAM_TRIES = 10;

    private final ArgoCdApi api;
    private final SilenceWatch silence;
    private int eventsOfStream;
    private int uselessStreams;
    private int pollsLeft;
    private JsonHttp.LineStream stream;
    private ScheduledFuture<?> next;
    private Duration pollInterval;

    ArgoCdFeed(WaitRuntime runtime, ArgoCdApi api) {
        super(runtime);
        this.api = api;
        this.pollInterval = runtime.settings().pollInitial();
        this.silence = new SilenceWatch(runtime, this::askWhileSilent);
    }

    @Override
    protected synchronized void start() {
        connect();
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

    private synchronized void connect() {
        if (isStopped()) {
            return;
        }
        EventStreamParser parser = new EventStreamParser(this::onMessage);
        eventsOfStream = 0;
        JsonHttp.LineStream opened = api.http().stream(api.streamUri(), parser::line);
        stream = opened;
        silence.streamOpened();
        opened.ended().whenComplete((ignored, error) -> {
            if (isStopped()) {
                return;
            }
            ApiException api = error == null ? null : ApiException.from(error);
            if (api != null && (api.status() == 404 || api.status() == 405 || api.status() == 501)) {
                startPolling(Integer.MAX_VALUE);
                return;
            }
            synchronized (this) {
                uselessStreams = eventsOfStream == 0 ? uselessStreams + 1 : 0;
                if (uselessStreams >= USELESS_STREAMS_BEFORE_POLLING) {
                    uselessStreams = USELESS_STREAMS_BEFORE_POLLING - 1;
                    startPolling(POLLS_BETWEEN_STREAM_TRIES);
                    return;
                }
            }
            if (api == null) {
                schedule(this::connect, runtime.settings().retryInitial());
                return;
            }
            Duration delay = failed(api);
            if (delay != null) {
                schedule(this::connect, delay);
            }
        });
    }

    private synchronized void startPolling(int polls) {
        silence.pause();
        pollsLeft = polls;
        pollInterval = runtime.settings().pollInitial();
        schedule(this::poll, Duration.ZERO);
    }

    /** The stream said nothing for a poll interval: ask for the application instead. */
    private void askWhileSilent() {
        if (!isStopped()) {
            offerWhileSilent(api.get(), this::isNews, silence);
        }
    }

    private void poll() {
        if (isStopped()) {
            return;
        }
        synchronized (this) {
            if (pollsLeft-- <= 0) {
                connect();
                return;
            }
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
            boolean changed = isNews(app);
            offer(app);
            synchronized (this) {
                pollInterval = changed ? runtime.settings().pollInitial() : longerPoll(pollInterval);
            }
            schedule(this::poll, pollInterval);
        });
    }

    /** Whether {@code app} shows a status or operation that the last state did not. */
    private boolean isNews(JsonNode app) {
        JsonNode last = last();
        return last == null || !last.path("status").equals(app.path("status"))
                || !last.path("operation").equals(app.path("operation"));
    }

    private void onMessage(String json) {
        try {
            JsonNode message = JsonHttp.JSON.readTree(json);
            JsonNode app = message.path("result").path("application");
            if (app.isObject()) {
                synchronized (this) {
                    eventsOfStream++;
                }
                silence.heard();
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
