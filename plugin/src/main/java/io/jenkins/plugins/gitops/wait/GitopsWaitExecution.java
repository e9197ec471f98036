package io.jenkins.plugins.gitops.wait;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction.WaitRecord;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.credentials.KubernetesAuth;
import io.jenkins.plugins.gitops.targets.GitopsWaitTarget;
import io.jenkins.plugins.gitops.targets.TargetSpec;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs {@code gitopsWait} the way {@code sleep} runs: it persists plain values only (the targets, the commit, an
 * absolute deadline and which targets are done) and no token, hands the waiting to the controller's shared engine,
 * and returns; {@link #onResume()} asks the engine again after a restart, with the same deadline and tokens read
 * again from credentials, and {@link #stop} cancels. The first target that fails ends the step and cancels the others;
 * with {@code onFailure: 'revert'} it first reverts the commit and waits for the revert ({@link FailedDeployment}).
 */
final class GitopsWaitExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final transient GitopsWaitStep step;
    private transient WaitServices services;
    private transient volatile TaskListener listener;
    private transient volatile Run<?, ?> run;
    private transient volatile CompletableFuture<?>[] running;
    private transient volatile String[] states;
    private transient boolean over;
    /** Lines the engine sent while {@link #arm} registered the outcome handlers; {@code null} otherwise. */
    private transient List<HeardLine> heardWhileArming;

    private ArrayList<TargetSpec> targets;
    private WaitCommit commit;
    private long startedAt;
    private long deadline;
    private Finished[] finished;
    /** {@code revert} or {@code fail}; null in programs saved before reverts: fail. */
    private String onFailure;
    private int timeoutSeconds;
    /** Set once a target failed under {@code onFailure: 'revert'}. */
    private FailedDeployment failure;
    private transient boolean stopped;

    private record HeardLine(int index, String line) {
    }

    /** A target that was done, kept so that a resumed step neither waits for it again nor forgets it in its result. */
    private static final class Finished implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String detail;
        private final String revision;
        private final boolean superseded;

        Finished(WaitOutcome.Done done) {
            this.detail = done.detail();
            this.revision = done.appliedRevision();
            this.superseded = done.superseded();
        }
    }

    GitopsWaitExecution(StepContext context, GitopsWaitStep step, WaitServices services) {
        super(context);
        this.step = step;
        this.services = services;
    }

    /** After deserialization, the services to use instead of the controller's (tests). */
    GitopsWaitExecution withServices(WaitServices services) {
        this.services = services;
        return this;
    }

    /** As if the controller had been down until after {@code deadline} (tests). */
    GitopsWaitExecution withDeadline(Instant deadline) {
        this.deadline = deadline.toEpochMilli();
        return this;
    }

    /** The absolute deadline, which a restart does not move. */
    Instant deadline() {
        return Instant.ofEpochMilli(deadline);
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> build = getContext().get(Run.class);
        TaskListener log = getContext().get(TaskListener.class);
        if (step.getTargets().isEmpty()) {
            throw new AbortException("gitopsWait: 'targets' is empty: nothing to wait for");
        }
        targets = new ArrayList<>();
        for (GitopsWaitTarget target : step.getTargets()) {
            targets.add(target.spec(services.configuration()));
        }
        commit = targets.stream().anyMatch(TargetSpec::needsCommit) ? new CommitChoice(step, services.configuration()).choose(build, targets) : null;
        onFailure = step.getOnFailure();
        if (!onFailure.equals("fail") && !onFailure.equals("revert")) {
            throw new AbortException("gitopsWait: onFailure: '" + onFailure + "' is not fail or revert");
        }
        if (onFailure.equals("revert") && (commit == null || !commit.knowsRepository())) {
            throw new AbortException("gitopsWait: onFailure: 'revert' reverts a config commit whose repository is known:"
                    + " wait for a commit of gitopsCommit, or name its repository:");
        }
        int seconds = step.getTimeout() > 0 ? step.getTimeout() : services.configuration().defaultTimeoutSeconds();
        timeoutSeconds = seconds;
        startedAt = System.currentTimeMillis();
        deadline = startedAt + seconds * 1000L;
        finished = new Finished[targets.size()];
        log.getLogger().println("[gitops] Waiting up to " + human(Duration.ofSeconds(seconds)) + " for "
                + String.join(", ", targets.stream().map(TargetSpec::describe).toList())
                + (commit == null ? "" : " to apply " + commit));
        arm(build, log);
        return false;
    }

    @Override
    public void onResume() {
        if (services == null) {
            services = WaitServices.controller();
        }
        try {
            Run<?, ?> build = getContext().get(Run.class);
            TaskListener log = getContext().get(TaskListener.class);
            if (failure != null && failure.reverting()) {
                synchronized (this) {
                    run = build;
                    listener = log;
                }
                log.getLogger().println("[gitops] Resuming the revert of " + failure.failed().shortSha()
                        + " after a restart");
                services.reverts().submit(this::revert);
                return;
            }
            log.getLogger().println("[gitops] Resuming the wait after a restart; the deadline is still "
                    + Instant.ofEpochMilli(deadline));
            arm(build, log);
            boolean allDoneBeforeRestart;
            synchronized (this) {
                allDoneBeforeRestart = !over && unfinished(-1).isEmpty();
                over |= allDoneBeforeRestart;
            }
            if (allDoneBeforeRestart) {
                FailedDeployment failed = failure;
                if (failed != null) {
                    getContext().onFailure(new AbortException(failed.healthy(lastDetail())));
                } else {
                    getContext().onSuccess(result());
                }
            }
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    /** What the last target seen done said, for a revert whose wait ended before a restart. */
    private synchronized String lastDetail() {
        for (int i = finished.length - 1; i >= 0; i--) {
            if (finished[i] != null) return finished[i].detail;
        }
        return "";
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        List<Integer> cancelled;
        FailedDeployment failed;
        synchronized (this) {
            boolean reverting = failure != null && failure.reverting() && !stopped;
            stopped = true;
            if (over && !reverting) {
                return;
            }
            // during a revert every target has its record already
            cancelled = finished == null || over ? List.of() : unfinished(-1);
            over = true;
            failed = reverting ? failure : null;
        }
        cancel(cancelled, WaitRecord.Result.ABORTED, "stopped: " + cause);
        if (failed != null) {
            print("[gitops] Stopped before the revert of " + failed.failed().shortSha() + " was made: " + failed.story());
        }
        super.stop(cause);
    }

    /** Lets go of the engine's waits without ending the step or recording anything, as a controller that stops does. */
    void abandon() {
        CompletableFuture<?>[] futures = running;
        if (futures != null) {
            for (CompletableFuture<?> future : futures) {
                if (future != null) {
                    future.cancel(true);
                }
            }
        }
    }

    @Override
    public boolean blocksRestart() {
        return false;
    }

    @Override
    public synchronized String getStatus() {
        if (finished == null) {
            return "starting";
        }
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (finished[i] == null) {
                String state = states == null || states[i] == null ? "" : " (" + states[i] + ")";
                waiting.add(targets.get(i).describe() + state);
            }
        }
        Duration left = Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()));
        return "waiting for " + String.join("; ", waiting) + "; " + human(left) + " left";
    }

    private static String kubernetesToken(KubernetesAuth auth, TargetSpec target) throws AbortException {
        String token = auth.bearerToken();
        if (token == null || token.isEmpty()) {
            throw new AbortException("the kubeconfig of credentials '" + target.endpoint().credentialsId()
                    + "' has no token for its current context; client certificates and exec plugins are not supported");
        }
        return token;
    }

    /** Asks the engine to wait for every target not done yet; tokens and git credentials are resolved now. */
    private void arm(Run<?, ?> build, TaskListener log) throws Exception {
        CredentialsResolver resolver = new CredentialsResolver(services.credentials());
        List<WaitRequest> requests = new ArrayList<>();
        Instant end = Instant.ofEpochMilli(deadline);
        ConfigCommit configCommit = commit == null ? null : commit.toEngine();
        for (TargetSpec target : targets) {
            String token;
            try {
                token = target instanceof TargetSpec.ArgoCd
                        ? resolver.token(target.endpoint().credentialsId(), build)
                        : kubernetesToken(resolver.kubernetes(target.endpoint().credentialsId(), build), target);
            } catch (AbortException e) {
                throw new AbortException("gitopsWait: " + target.describe() + ": " + e.getMessage());
            }
            requests.add(new WaitRequest(target.toEngine(token), target.needsCommit() ? configCommit : null, end));
        }
        Ancestry ancestry = commit == null ? null : ancestry(resolver, build);
        synchronized (this) {
            run = build;
            listener = log;
            states = new String[targets.size()];
        }
        CompletableFuture<?>[] futures = new CompletableFuture<?>[targets.size()];
        synchronized (this) {
            heardWhileArming = new ArrayList<>();
        }
        for (int i = 0; i < targets.size(); i++) {
            if (finished[i] == null) {
                int index = i;
                futures[i] = services.waits().await(requests.get(i), ancestry, line -> heard(index, line));
            }
        }
        boolean stopped;
        List<HeardLine> early;
        synchronized (this) {
            running = futures;
            stopped = over;
            early = List.copyOf(heardWhileArming);
            heardWhileArming.clear();
        }
        if (stopped) {
            synchronized (this) {
                heardWhileArming = null;
            }
            abandon();
            return;
        }
        // a wait may end while it starts (a deadline that passed during a restart): its last word is ended()'s
        for (HeardLine line : early) {
            if (!isLastWord(futures[line.index()], line.line())) {
                services.reports().execute(() -> stateChanged(line.index(), line.line()));
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            if (futures[i] != null) {
                int index = i;
                futures[i].whenCompleteAsync((outcome, error) -> ended(index, (WaitOutcome) outcome, error),
                        services.reports());
            }
        }
        List<HeardLine> late;
        synchronized (this) {
            late = heardWhileArming;
            heardWhileArming = null;
        }
        late.forEach(line -> services.reports().execute(() -> stateChanged(line.index(), line.line())));
    }

    /** A line from the engine, written in order on the report thread once the outcome handlers are in place. */
    private void heard(int index, String line) {
        synchronized (this) {
            if (heardWhileArming != null) {
                heardWhileArming.add(new HeardLine(index, line));
                return;
            }
        }
        services.reports().execute(() -> stateChanged(index, line));
    }

    /** Whether {@code line} is what the engine says when the wait ends, which {@link #ended} writes instead. */
    private static boolean isLastWord(CompletableFuture<?> wait, String line) {
        if (wait == null || !wait.isDone() || wait.isCompletedExceptionally()) {
            return false;
        }
        Object outcome = wait.getNow(null);
        String lastWord = outcome instanceof WaitOutcome.Done done ? done.detail()
                : outcome instanceof WaitOutcome.Failed failed ? "Failed: " + failed.reason()
                : outcome instanceof WaitOutcome.TimedOut timedOut ? timedOut.describe() : null;
        return line.equals(lastWord);
    }

    private Ancestry ancestry(CredentialsResolver resolver, Run<?, ?> build) throws AbortException {
        GitAuth auth = gitAuth(resolver, build);
        try {
            return services.mirrors().ancestry(commit, auth);
        } catch (RuntimeException e) {
            throw new AbortException("gitopsWait: cannot mirror the config repository on the controller: "
                    + e.getMessage());
        }
    }

    private GitAuth gitAuth(CredentialsResolver resolver, Run<?, ?> build) throws AbortException {
        if (!commit.knowsRepository()) {
            return GitAuth.NONE;
        }
        try {
            return resolver.git(commit.credentialsId(), build);
        } catch (AbortException e) {
            throw new AbortException("gitopsWait: the config repository's credentials: " + e.getMessage());
        }
    }

    /** Logs a target's new state; its last line is {@link #ended}'s to write, since the engine sends it after the end. */
    private void stateChanged(int index, String line) {
        synchronized (this) {
            if (over || finished[index] != null) {
                return;
            }
            if (states != null) {
                states[index] = line.lines().findFirst().orElse("");
            }
        }
        print("[gitops] " + targets.get(index).describe() + ": " + line);
    }

    /** One target ended: record it, and end the step when all are done or this one did not succeed. */
    private void ended(int index, WaitOutcome outcome, Throwable error) {
        if (error instanceof CancellationException
                || (error instanceof CompletionException && error.getCause() instanceof CancellationException)) {
            return;
        }
        if (error != null) {
            outcome = new WaitOutcome.Failed("unexpected error: " + error);
        }
        String target = targets.get(index).describe();
        Duration took = Duration.ofMillis(System.currentTimeMillis() - startedAt);
        List<Integer> others = new ArrayList<>();
        boolean allDone;
        boolean timedOut = outcome instanceof WaitOutcome.TimedOut;
        String reason = outcome.describe();
        String story = "gitopsWait: " + (timedOut || reason.startsWith(target + ": ") ? reason : target + ": " + reason);
        FailedDeployment failed;
        boolean revertNow = false;
        synchronized (this) {
            if (over) {
                return;
            }
            failed = failure;
            if (outcome instanceof WaitOutcome.Done done) {
                finished[index] = new Finished(done);
            } else {
                over = true;
                others.addAll(unfinished(index));
                if (failed == null && "revert".equals(onFailure)) {
                    failure = FailedDeployment.reverting(story, commit);
                    revertNow = true;
                }
            }
            allDone = unfinished(-1).isEmpty();
            over |= allDone;
        }
        print("[gitops] " + target + ": " + (outcome instanceof WaitOutcome.Failed ? "Failed: " : "")
                + outcome.describe());
        if (outcome instanceof WaitOutcome.Done done) {
            record(new WaitRecord(target, sha(index), done.superseded() ? WaitRecord.Result.SUPERSEDED
                    : WaitRecord.Result.DONE, took, done.detail()));
            if (allDone) {
                print("[gitops] All " + targets.size() + " target(s) done after " + human(took));
                if (failed != null) {
                    getContext().onFailure(new AbortException(failed.healthy(done.detail())));
                } else {
                    getContext().onSuccess(result());
                }
            }
            return;
        }
        record(new WaitRecord(target, sha(index), timedOut ? WaitRecord.Result.TIMED_OUT : WaitRecord.Result.FAILED,
                took, outcome.describe()));
        cancel(others, WaitRecord.Result.CANCELLED, "stopped because " + target + " did not succeed");
        if (failed != null) {
            getContext().onFailure(new AbortException(failed.notHealthy(story)));
        } else if (revertNow) {
            print("[gitops] onFailure: 'revert': reverting " + commit.shortSha());
            services.reverts().submit(this::revert);
        } else {
            getContext().onFailure(new AbortException(story));
        }
    }

    /**
     * Reverts the commit whose deployment failed, then waits for the revert on the same targets with a new deadline;
     * on a git thread. Idempotent, so that a restart in the middle simply reverts again (the revert finds itself).
     */
    private void revert() {
        FailedDeployment failed;
        synchronized (this) {
            if (stopped) {
                return;
            }
            failed = failure;
        }
        io.jenkins.plugins.gitops.revert.RevertOutcome outcome;
        try {
            outcome = services.reverts().revert(failed.failed(), run, listener);
        } catch (AbortException | RuntimeException e) {
            getContext().onFailure(new AbortException(failed.revertFailed(Urls.redactAll(String.valueOf(e.getMessage())))));
            return;
        }
        io.jenkins.plugins.gitops.commit.CommitOutcome.PullRequestOutcome pr = outcome.landed().pullRequest();
        if (pr != null && outcome.revertedBy() == null) {
            getContext().onFailure(new AbortException(failed.revertInPullRequest(pr.number(), pr.url(), pr.state())));
            return;
        }
        String revert = outcome.revertedBy() != null ? outcome.revertedBy()
                : outcome.landed().created() ? outcome.landed().commit() : null;
        if (revert == null) {
            getContext().onFailure(new AbortException(failed.nothingToRevert(outcome.kept())));
            return;
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            failure = failed.reverted(revert, outcome.kept());
            commit = failed.failed().at(revert);
            finished = new Finished[targets.size()];
            startedAt = System.currentTimeMillis();
            deadline = startedAt + timeoutSeconds * 1000L;
            over = false;
        }
        try {
            arm(run, listener);
        } catch (Exception e) {
            getContext().onFailure(new AbortException(failure.notHealthy("cannot wait for it: " + e.getMessage())));
            return;
        }
        print("[gitops] Waiting up to " + human(Duration.ofSeconds(timeoutSeconds)) + " for the revert " + commit
                + " to be applied and healthy");
    }

    /** Indexes of targets not done, except {@code except}; called under the lock. */
    private List<Integer> unfinished(int except) {
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < finished.length; i++) {
            if (i != except && finished[i] == null) {
                result.add(i);
            }
        }
        return result;
    }

    /** Cancels the engine's waits outside the lock, since cancelling runs the engine's own completion handlers. */
    private void cancel(List<Integer> indexes, WaitRecord.Result result, String why) {
        CompletableFuture<?>[] futures = running;
        Duration took = Duration.ofMillis(System.currentTimeMillis() - startedAt);
        for (int i : indexes) {
            if (futures != null && futures[i] != null) {
                futures[i].cancel(true);
            }
            record(new WaitRecord(targets.get(i).describe(), sha(i), result, took, why));
        }
    }

    private void record(WaitRecord wait) {
        if (run != null) {
            GitopsRunAction.recordWait(run, wait);
        }
    }

    private String sha(int index) {
        return commit != null && targets.get(index).needsCommit() ? commit.sha() : null;
    }

    /** The step's value: the commit and, per target, what was seen; plain types that Pipeline accepts. */
    private synchronized Map<String, Object> result() {
        List<Map<String, Object>> perTarget = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("target", targets.get(i).describe());
            one.put("detail", finished[i].detail);
            one.put("revision", finished[i].revision);
            one.put("superseded", finished[i].superseded);
            perTarget.add(one);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("commit", commit == null ? null : commit.sha());
        value.put("targets", perTarget);
        return value;
    }

    private void print(String text) {
        TaskListener log = listener;
        if (log == null) {
            return;
        }
        PrintStream out = log.getLogger();
        text.lines().forEach(line -> out.println(line.startsWith("[gitops]") ? line : "[gitops]   " + line));
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        return s < 3600 ? (s / 60) + "m " + (s % 60) + "s" : (s / 3600) + "h " + (s % 3600) / 60 + "m";
    }
}
