package io.jenkins.plugins.gitops.pullrequest;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.pr.MergeOutcome;
import io.jenkins.plugins.gitops.core.pr.PullRequest;
import io.jenkins.plugins.gitops.core.pr.PullRequestException;
import io.jenkins.plugins.gitops.core.pr.PullRequestHost;
import io.jenkins.plugins.gitops.core.pr.PullRequestHosts;
import io.jenkins.plugins.gitops.credentials.ApiCredential;
import io.jenkins.plugins.gitops.credentials.CredentialsResolver;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * Runs {@code gitopsWaitForMerge} the way {@code gitopsWait} runs: it persists plain values only (where the pull
 * request is, the ID of the API credentials, an absolute deadline) and no token, hands the waiting to the
 * controller's merge watch, and returns; {@link #onResume()} asks again after a restart with the same deadline.
 */
final class WaitForMergeExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final transient GitopsWaitForMergeStep step;
    private transient MergeServices services;
    private transient volatile TaskListener listener;
    private transient volatile CompletableFuture<MergeOutcome> running;
    private transient boolean over;

    private String repository;
    private int number;
    private String url;
    private String host;
    private String apiUrl;
    private String credentialsId;
    private long deadline;
    private long startedAt;

    WaitForMergeExecution(StepContext context, GitopsWaitForMergeStep step, MergeServices services) {
        super(context);
        this.step = step;
        this.services = services;
    }

    /** After deserialization, the services to use instead of the controller's (tests). */
    WaitForMergeExecution withServices(MergeServices services) {
        this.services = services;
        return this;
    }

    Instant deadline() {
        return Instant.ofEpochMilli(deadline);
    }

    @Override
    public boolean start() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener log = getContext().get(TaskListener.class);
        choose(run);
        int seconds = step.getTimeout() > 0 ? step.getTimeout() : DEFAULT_TIMEOUT_SECONDS;
        startedAt = System.currentTimeMillis();
        deadline = startedAt + seconds * 1000L;
        log.getLogger().println("[gitops] Waiting up to " + human(Duration.ofSeconds(seconds)) + " for pull request #"
                + number + " to be merged" + (url.isEmpty() ? "" : ": " + url));
        arm(run, log);
        return false;
    }

    @Override
    public void onResume() {
        if (services == null) {
            services = MergeServices.controller();
        }
        try {
            TaskListener log = getContext().get(TaskListener.class);
            log.getLogger().println("[gitops] Resuming the wait for pull request #" + number
                    + " after a restart; the deadline is still " + deadline());
            arm(getContext().get(Run.class), log);
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        synchronized (this) {
            if (over) return;
            over = true;
        }
        abandon();
        getContext().onFailure(cause);
    }

    /** Lets go of the merge watch without ending the step, as a controller that stops does. */
    void abandon() {
        CompletableFuture<MergeOutcome> wait = running;
        if (wait != null) wait.cancel(true);
    }

    @Override
    public boolean blocksRestart() {
        return false;
    }

    @Override
    public String getStatus() {
        Duration left = Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()));
        return "waiting for pull request #" + number + " to be merged; " + human(left) + " left";
    }

    /** The pull request given, found among this build's where it can be, or this build's last. */
    private void choose(Run<?, ?> run) throws AbortException {
        GitopsRunAction action = run.getAction(GitopsRunAction.class);
        PullRequestRef ref = step.getPullRequest();
        PullRequestRecord recorded = null;
        if (action != null) {
            if (ref == null) {
                recorded = action.lastPullRequest();
            } else if (!ref.getUrl().isEmpty()) {
                recorded = action.findPullRequest(ref.getUrl());
            } else {
                recorded = action.getPullRequests().stream().filter(pr -> pr.getNumber() == ref.getNumber())
                        .reduce((a, b) -> b).orElse(null);
            }
        }
        if (recorded != null) {
            set(recorded.getRepository(), recorded.getNumber(), recorded.getUrl(), recorded.getHost(),
                    recorded.getApiUrl(), recorded.credentialsId());
        } else if (ref == null) {
            throw new AbortException("gitopsWaitForMerge: this build opened no pull request to wait for; give"
                    + " pullRequest: (the pullRequest of gitopsCommit's result)");
        } else if (ref.getRepository().isEmpty() || ref.getCredentialsId().isEmpty()) {
            throw new AbortException("gitopsWaitForMerge: pull request #" + ref.getNumber() + " was not opened by a"
                    + " gitopsCommit of this build; give its repository: (the git URL) and credentialsId: (the API"
                    + " token's), as gitopsCommit's result has them");
        } else {
            set(ref.getRepository(), ref.getNumber(), ref.getUrl(), ref.getHost(), ref.getApiUrl(),
                    ref.getCredentialsId());
        }
    }

    private void set(String repository, int number, String url, String host, String apiUrl, String credentialsId) {
        this.repository = repository;
        this.number = number;
        this.url = url == null ? "" : url;
        this.host = host;
        this.apiUrl = apiUrl;
        this.credentialsId = credentialsId;
    }

    /** Asks the merge watch to wait; the token is read from credentials now, and never kept. */
    private void arm(Run<?, ?> run, TaskListener log) throws AbortException {
        listener = log;
        ApiCredential credential;
        try {
            credential = new CredentialsResolver(services.credentials()).pullRequests(credentialsId, run);
        } catch (AbortException e) {
            throw new AbortException("gitopsWaitForMerge: the pull-request host's credentials: " + e.getMessage());
        }
        PullRequestHost pulls;
        try {
            HttpClient client = services.watch().httpClient();
            pulls = PullRequestHosts.forRepository(host, repository, apiUrl,
                    credential.forRepository(repository, apiUrl, CALL_TIMEOUT, client), CALL_TIMEOUT, client);
        } catch (IllegalArgumentException | PullRequestException e) {
            throw new AbortException("gitopsWaitForMerge: " + e.getMessage());
        }
        CompletableFuture<MergeOutcome> wait = services.watch().await(pulls, number, deadline(),
                line -> services.reports().execute(() -> print("[gitops] " + line)));
        boolean stopped;
        synchronized (this) {
            running = wait;
            stopped = over;
        }
        if (stopped) {
            wait.cancel(true);
            return;
        }
        wait.whenCompleteAsync((outcome, error) -> ended(run, outcome, error), services.reports());
    }

    private void ended(Run<?, ?> run, MergeOutcome outcome, Throwable error) {
        if (error instanceof CancellationException || error != null && error.getCause() instanceof CancellationException) {
            return;
        }
        synchronized (this) {
            if (over) return;
            over = true;
        }
        if (error != null) {
            getContext().onFailure(new AbortException("gitopsWaitForMerge: unexpected error: " + error));
            return;
        }
        PullRequest pr = outcome.pullRequest();
        GitopsRunAction action = run.getAction(GitopsRunAction.class);
        PullRequestRecord recorded = action == null || url.isEmpty() ? null : action.findPullRequest(url);
        GitopsRunAction.CommitRecord onBase = mergeRecord(recorded, pr);
        if (outcome instanceof MergeOutcome.Merged) {
            String refused = notOnBase(run, pr, onBase);
            if (refused != null) {
                print("[gitops] " + refused);
                getContext().onFailure(new AbortException("gitopsWaitForMerge: " + refused));
                return;
            }
        }
        if (pr != null && recorded != null) {
            GitopsRunAction.recordPullRequest(run, recorded.ended(pr.state(), pr.mergeCommit()));
        }
        if (onBase != null) GitopsRunAction.recordCommit(run, onBase);
        if (outcome instanceof MergeOutcome.Merged) {
            print("[gitops] Pull request #" + number + " was merged into " + pr.base() + " as " + pr.mergeCommit()
                    + " after " + human(Duration.ofMillis(System.currentTimeMillis() - startedAt)));
            getContext().onSuccess(result(pr));
        } else {
            String why = outcome instanceof MergeOutcome.Failed failed ? failed.reason()
                    : ((MergeOutcome.TimedOut) outcome).diagnosis();
            print("[gitops] " + why);
            getContext().onFailure(new AbortException("gitopsWaitForMerge: " + why));
        }
    }

    /**
     * The branch's history is the final judge of a merge: the base must contain the commit the host reported. Null
     * when it does, or when the history cannot be read (then the host's word stands, and the log says so).
     */
    private String notOnBase(Run<?, ?> run, PullRequest pr, GitopsRunAction.CommitRecord onBase) {
        if (onBase == null) return null;
        try {
            if (services.history().contains(run, onBase)) return null;
            return "the host reported pull request #" + number + " merged as " + pr.mergeCommit() + ", but " + pr.base()
                    + " of " + Urls.redact(repository) + " does not contain that commit";
        } catch (AbortException | RuntimeException e) {
            print("[gitops] Cannot read " + pr.base() + " to check the merge commit (" + Urls.redact(String.valueOf(
                    e.getMessage())) + "); taking " + pr.mergeCommit() + " as the host reported it");
            return null;
        }
    }

    /**
     * The merge commit on the base, reached as our branch was pushed (or anonymously for another build's pull
     * request); null when there is none.
     */
    private GitopsRunAction.CommitRecord mergeRecord(PullRequestRecord recorded, PullRequest pr) {
        if (pr == null || pr.mergeCommit() == null) return null;
        GitopsRunAction.CommitRecord ours = recorded == null ? null
                : recorded.ended(pr.state(), pr.mergeCommit()).mergeRecord();
        return ours != null ? ours
                : new GitopsRunAction.CommitRecord(repository, pr.base(), null, pr.mergeCommit(), List.of(), true, "");
    }

    private static Map<String, Object> result(PullRequest pr) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("merged", true);
        value.put("mergeCommit", pr.mergeCommit());
        value.put("number", pr.number());
        value.put("url", pr.url());
        value.put("base", pr.base());
        value.put("branch", pr.branch());
        return value;
    }

    private void print(String line) {
        TaskListener log = listener;
        if (log != null) log.getLogger().println(Urls.redact(line));
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + "s";
        return s < 3600 ? (s / 60) + "m " + (s % 60) + "s" : (s / 3600) + "h " + (s % 3600) / 60 + "m";
    }
}
