package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.core.wait.WaitTarget;
import io.jenkins.plugins.gitops.core.wait.Waits;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One wait on the engine, reported the way scripts expect: one line per state change on standard error, the outcome
 * as one JSON object on standard output, and an exit code that tells done, failed and timed out apart. Every line
 * passes through {@link #scrub} so that the token cannot appear even if a server echoes it.
 */
final class WaitRun {
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final PrintWriter out;
    private final PrintWriter err;
    private final List<String> secrets;
    private final Instant started = Instant.now();
    private boolean finished;
    private String lastPrinted;

    /** @param secrets values that must never be printed: the API token and the git credentials */
    WaitRun(PrintWriter out, PrintWriter err, List<String> secrets) {
        this.out = out;
        this.err = err;
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    /** Waits until the engine reports an outcome (it does so by the request's deadline) and returns the exit code. */
    int await(WaitRequest request, Ancestry ancestry) throws InterruptedException {
        WaitOutcome outcome;
        try (Waits waits = Waits.create()) {
            CompletableFuture<WaitOutcome> wait = waits.await(request, ancestry, this::stateLine);
            long millis = Duration.between(Instant.now(), request.deadline()).plus(GRACE).toMillis();
            try {
                outcome = wait.get(Math.max(0, millis), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                outcome = new WaitOutcome.Failed("the wait ended with an error: " + e.getCause());
            } catch (TimeoutException e) {
                wait.cancel(true);
                outcome = new WaitOutcome.TimedOut("no outcome by the deadline");
            } catch (InterruptedException e) {
                wait.cancel(true);
                throw e;
            }
        }
        lastLine(outcome);
        return report(request, outcome);
    }

    private synchronized void stateLine(String line) {
        if (!finished) {
            lastPrinted = scrub(line);
            err.println(lastPrinted);
        }
    }

    /**
     * The engine reports the outcome as a last state line right after completing the wait, on its own thread; print it
     * from here instead, exactly once, so that it is on standard error before the JSON is on standard output.
     */
    private synchronized void lastLine(WaitOutcome outcome) {
        finished = true;
        String line = scrub(outcome instanceof WaitOutcome.Failed failed ? "Failed: " + failed.reason() : outcome.describe());
        if (!line.equals(lastPrinted)) {
            err.println(line);
        }
    }

    /** Fetches the config repository, then waits for {@code repo}'s commit to be applied by {@code target}. */
    int awaitCommit(WaitTarget target, Instant deadline, ConfigRepoOptions repo, Map<String, String> env)
            throws IOException, InterruptedException {
        TrackedCommit tracked;
        try {
            tracked = repo.open(env);
        } catch (GitopsException e) {
            return failedBeforeWaiting(target.describe(), repo.commit == null ? null : repo.commit.trim(), e.getMessage());
        }
        try (tracked) {
            err.println("Waiting for " + target.describe() + " to apply " + tracked.commit().shortSha() + " of "
                    + tracked.commit().repositoryUrl() + " " + tracked.commit().branch());
            return await(new WaitRequest(target, tracked.commit(), deadline), tracked.ancestry());
        }
    }

    /** Reports a failure that happened before waiting could begin (for example, the config repository is unreachable). */
    private int failedBeforeWaiting(String target, String commit, String reason) {
        err.println(scrub("Failed: " + reason));
        Map<String, Object> json = base("failed", target, commit);
        json.put("reason", scrub(reason));
        return print(json, ExitCodes.FAILED);
    }

    private int report(WaitRequest request, WaitOutcome outcome) {
        String commit = request.commit() == null ? null : request.commit().sha();
        String target = request.target().describe();
        if (outcome instanceof WaitOutcome.Done done) {
            Map<String, Object> json = base("done", target, commit);
            json.put("detail", scrub(done.detail()));
            if (commit != null) {
                json.put("appliedRevision", done.appliedRevision());
                json.put("superseded", done.superseded());
            }
            return print(json, ExitCodes.DONE);
        }
        if (outcome instanceof WaitOutcome.Failed failed) {
            Map<String, Object> json = base("failed", target, commit);
            json.put("reason", scrub(failed.reason()));
            return print(json, ExitCodes.FAILED);
        }
        Map<String, Object> json = base("timedOut", target, commit);
        json.put("diagnosis", scrub(outcome.describe()));
        return print(json, ExitCodes.TIMED_OUT);
    }

    private Map<String, Object> base(String outcome, String target, String commit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", outcome);
        json.put("target", target);
        if (commit != null) {
            json.put("commit", commit);
        }
        return json;
    }

    private int print(Map<String, Object> json, int exitCode) {
        json.put("seconds", Math.round(Duration.between(started, Instant.now()).toMillis() / 100.0) / 10.0);
        try {
            out.println(new ObjectMapper().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return exitCode;
    }

    String scrub(String line) {
        String clean = Urls.redactAll(line == null ? "" : line);
        for (String secret : secrets) {
            clean = clean.replace(secret, "****");
        }
        return clean;
    }
}
