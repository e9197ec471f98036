package io.jenkins.plugins.gitops.core.wait.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.core.wait.DeferredAncestry;
import io.jenkins.plugins.gitops.core.wait.SharedFeed;
import io.jenkins.plugins.gitops.core.wait.SharedRequest;
import io.jenkins.plugins.gitops.core.wait.Standing;
import io.jenkins.plugins.gitops.core.wait.TargetWait;
import io.jenkins.plugins.gitops.core.wait.WaitListener;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits until an Argo CD application runs our commit (or a descendant) Synced and Healthy: asks for a refresh,
 * starts a sync for manual-sync applications when asked to, follows the application's event stream and fails fast
 * on wrong tracking, failed syncs, Degraded health, rewritten branches and refused credentials.
 */
public final class ArgoCdWait extends TargetWait {

    private final ArgoCdTarget target;
    private final ArgoCdApi api;
    private final ArgoJudge judge;
    private final DeferredAncestry ancestry;
    private SharedFeed feed;
    private ArgoApplication last;
    private boolean refreshed;
    private boolean behind;
    private boolean syncInFlight;
    private String syncedRevision;
    private boolean fetchingTree;
    private ScheduledFuture<?> recheck;

    public ArgoCdWait(WaitRuntime runtime, WaitRequest request, DeferredAncestry ancestry, WaitListener listener) {
        super(runtime, request, listener);
        this.target = (ArgoCdTarget) request.target();
        this.api = new ArgoCdApi(target, runtime.http(target.caPem(), target.token()));
        this.ancestry = ancestry;
        this.judge = new ArgoJudge(request.commit(), ancestry, target.sync());
    }

    @Override
    protected void begin() {
        feed = subscribe(target.feedKey(), () -> new ArgoCdFeed(runtime, api));
        onClose(ancestry);
        onClose(() -> {
            synchronized (this) {
                if (recheck != null) {
                    recheck.cancel(false);
                }
            }
        });
        requestRefresh();
    }

    private void requestRefresh() {
        log("Asking Argo CD to refresh " + target.describe());
        SharedRequest<JsonNode> refresh = feed.sharedRequest("refresh", api::refresh);
        retrying("refresh of " + target.describe(), () -> refresh.sentAfter(System.nanoTime())).whenComplete((app, error) -> {
            if (app != null) {
                feed.offer(app);
            }
            synchronized (this) {
                if (isOver()) {
                    return;
                }
                if (error != null) {
                    onRequestError(error);
                    return;
                }
                refreshed = true;
                judgeAgain();
            }
        });
    }

    @Override
    protected void onSnapshot(JsonNode json) {
        last = new ArgoApplication(json);
        behind = false;
        ArgoVerdict verdict = judge.judge(last);
        behind = verdict instanceof ArgoVerdict.Waiting waiting && waiting.behind();
        if (verdict instanceof ArgoVerdict.Waiting waiting) {
            state(waiting.state());
            if (waiting.behind() && refreshed) {
                whileBehind();
            }
        } else if (verdict instanceof ArgoVerdict.NeedsSync needsSync) {
            state(needsSync.state());
            if (!syncInFlight && !needsSync.revision().equals(syncedRevision)) {
                startSync(needsSync);
            }
        } else if (verdict instanceof ArgoVerdict.Degraded degraded) {
            if (!degraded.unhealthy().isEmpty()) {
                fail(degraded.reason() + "; unhealthy resources: " + String.join("; ", degraded.unhealthy()));
            } else if (!fetchingTree) {
                failWithResourceTree(degraded.reason());
            }
        } else if (verdict instanceof ArgoVerdict.Done done) {
            succeed(done.outcome());
        } else if (verdict instanceof ArgoVerdict.Broken broken) {
            fail(broken.reason());
        }
    }

    private void startSync(ArgoVerdict.NeedsSync needsSync) {
        syncInFlight = true;
        String revision = needsSync.revision();
        log("Starting a sync of " + target.describe() + " to " + Standing.shortSha(revision));
        boolean multiSource = last.multiSource();
        String appNamespace = last.namespace();
        retrying("sync of " + target.describe(), () -> api.sync(revision, needsSync.sourceIndex(), multiSource, appNamespace))
                .whenComplete((app, error) -> {
                    if (app != null) {
                        feed.offer(app);
                    }
                    synchronized (this) {
                        syncInFlight = false;
                        if (isOver()) {
                            return;
                        }
                        if (error == null) {
                            syncedRevision = revision;
                            return;
                        }
                        ApiException refused = ApiException.from(error);
                        if (refused.status() == 400 && refused.serverMessage().contains("another operation")) {
                            log("Another operation is in progress on " + target.describe()
                                    + "; syncing once it has finished");
                        } else {
                            onRequestError(error);
                        }
                    }
                });
    }

    private void whileBehind() {
        Duration every = runtime.settings().recheckInterval();
        failIfBranchRewritten(ancestry, () -> behind,
                () -> "Argo CD targets " + last.desiredRevision(last.sourceIndex(request.commit().repositoryUrl())));
        if (recheck == null) {
            recheck = runtime.scheduler().schedule(() -> {
                synchronized (this) {
                    recheck = null;
                    if (isOver()) {
                        return;
                    }
                }
                requestRefresh();
            }, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void failWithResourceTree(String reason) {
        fetchingTree = true;
        retrying("resource tree of " + target.describe(), api::resourceTree).whenComplete((tree, error) -> {
            synchronized (this) {
                List<String> unhealthy = tree == null ? List.of() : ArgoApplication.degradedNodes(tree);
                fail(reason + (unhealthy.isEmpty() ? "" : "; unhealthy resources: " + String.join("; ", unhealthy)));
            }
        });
    }

    private void onRequestError(Throwable error) {
        if (error instanceof CancellationException) {
            return;
        }
        ApiException api = ApiException.from(error);
        if (!api.isTransient()) {
            fail(refusal(api));
        }
    }

    @Override
    protected String refusal(ApiException error) {
        if (error.status() == 404) {
            return target.describe() + " not found (404): " + error.serverMessage()
                    + " (check the application name and project)";
        }
        if (error.status() == 400) {
            return target.describe() + ": Argo CD refused the request (400): " + error.serverMessage();
        }
        return super.refusal(error);
    }

    @Override
    protected String details() {
        if (last == null) {
            return "Argo CD never reported the application.\n";
        }
        int index = Math.max(0, last.sourceIndex(request.commit().repositoryUrl()));
        StringBuilder out = new StringBuilder();
        out.append("Last observed: sync ").append(last.syncStatus()).append(" at ")
                .append(Standing.shortSha(last.desiredRevision(index))).append(", health ").append(last.health());
        if (last.healthMessage() != null) {
            out.append(" (").append(last.healthMessage()).append(')');
        }
        out.append(", operation ");
        if (last.hasOperationState()) {
            out.append(last.phase()).append(" for ").append(Standing.shortSha(last.operationRevision(index)));
            if (last.operationMessage() != null) {
                out.append(": ").append(last.operationMessage());
            }
        } else {
            out.append("none");
        }
        out.append('\n');
        if (!last.conditions().isEmpty()) {
            out.append("Conditions: ").append(String.join("; ", last.conditions())).append('\n');
        }
        List<String> unhealthy = last.unhealthyResources(false);
        if (!unhealthy.isEmpty()) {
            out.append("Unhealthy resources: ").append(String.join("; ", unhealthy)).append('\n');
        }
        return out.toString();
    }
}
