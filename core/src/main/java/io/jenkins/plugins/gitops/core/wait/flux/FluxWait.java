package io.jenkins.plugins.gitops.core.wait.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.wait.DeferredAncestry;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import io.jenkins.plugins.gitops.core.wait.SharedFeed;
import io.jenkins.plugins.gitops.core.wait.SharedRequest;
import io.jenkins.plugins.gitops.core.wait.TargetWait;
import io.jenkins.plugins.gitops.core.wait.WaitListener;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;
import io.jenkins.plugins.gitops.core.wait.http.JsonHttp;
import io.jenkins.plugins.gitops.core.wait.kube.KubeObjectFeed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a Flux Kustomization or HelmRelease has applied our commit and is Ready: requests a reconcile of its
 * GitRepository and of the object itself (annotation {@code reconcile.fluxcd.io/requestedAt}), then watches it.
 */
public final class FluxWait extends TargetWait {

    static final String REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

    private final FluxTarget target;
    private final JsonHttp http;
    private final FluxJudge judge;
    private final DeferredAncestry ancestry;
    private final String objectUrl;
    private SharedFeed feed;
    private FluxObject last;
    private String sourceKey;
    private GitSource source;
    private AutoCloseable sourceSubscription;
    private boolean notYetApplied;
    private boolean behind;
    private ScheduledFuture<?> recheck;
    private boolean requested;

    public FluxWait(WaitRuntime runtime, WaitRequest request, DeferredAncestry ancestry, WaitListener listener) {
        super(runtime, request, listener);
        this.target = (FluxTarget) request.target();
        this.http = runtime.http(target.caPem(), target.token());
        this.ancestry = ancestry;
        this.judge = new FluxJudge(target, request.commit(), ancestry);
        this.objectUrl = collection(target.kind().groupVersion(), target.namespace(), target.kind().plural()) + "/"
                + target.name();
    }

    @Override
    protected void begin() {
        feed = subscribe(target.feedKey(), () -> new KubeObjectFeed(runtime, http,
                collection(target.kind().groupVersion(), target.namespace(), target.kind().plural()), target.name()));
        onClose(ancestry);
        onClose(() -> {
            synchronized (this) {
                if (recheck != null) {
                    recheck.cancel(false);
                }
            }
        });
        requestReconcile();
    }

    private void requestReconcile() {
        log("Requesting reconcile of " + target.describe() + " and of its GitRepository");
        SharedRequest<JsonNode> reconcile = feed.sharedRequest("reconcile", this::reconcileWithSource);
        retrying("reconcile request for " + target.describe(), () -> reconcile.sentAfter(System.nanoTime()))
                .whenComplete((object, error) -> {
                    if (object != null) {
                        feed.offer(object);
                    }
                    synchronized (this) {
                        requested = true;
                        if (error != null && !isOver() && !(error instanceof CancellationException)) {
                            ApiException api = ApiException.from(error);
                            if (!api.isTransient()) {
                                fail(refusal(api));
                            }
                        }
                    }
                });
    }

    /** Asks source-controller to fetch the branch, then the object's controller to apply it, with one token. */
    private CompletableFuture<JsonNode> reconcileWithSource() {
        String token = Instant.now().toString();
        return http.get(URI.create(objectUrl))
                .thenCompose(object -> {
                    String[] source = new FluxObject(target.kind(), object).sourceRef();
                    if (source == null || !"GitRepository".equals(source[0])) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return annotate(collection("source.toolkit.fluxcd.io/v1", source[1], "gitrepositories") + "/"
                            + source[2], token);
                })
                .thenCompose(ignored -> annotate(objectUrl, token));
    }

    private CompletableFuture<JsonNode> annotate(String url, String token) {
        ObjectNode patch = JsonHttp.JSON.createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(REQUESTED_AT, token);
        return http.send("PATCH", URI.create(url + "?fieldManager=gitops-bridge"), patch, "application/merge-patch+json");
    }

    @Override
    protected void onSnapshot(JsonNode object) {
        last = new FluxObject(target.kind(), object);
        behind = false;
        FluxJudge.Verdict verdict = judge.judge(last);
        behind = verdict instanceof FluxJudge.Verdict.Waiting waiting && waiting.behind();
        notYetApplied = verdict instanceof FluxJudge.Verdict.Waiting waiting && !waiting.applied();
        if (verdict instanceof FluxJudge.Verdict.Done done) {
            succeed(done.outcome());
            return;
        } else if (verdict instanceof FluxJudge.Verdict.Broken broken) {
            fail(broken.reason());
            return;
        } else if (verdict instanceof FluxJudge.Verdict.Waiting waiting) {
            state(waiting.state());
        }
        followSource(last.sourceRef());
        failIfSourceStalled();
        if (behind && requested && !isOver()) {
            whileBehind();
        }
    }

    /** Watches the object's GitRepository too, so that a source that cannot fetch is named, not just timed out on. */
    private void followSource(String[] ref) {
        if (ref == null || !"GitRepository".equals(ref[0])) {
            unfollowSource();
            sourceKey = null;
            return;
        }
        String collection = collection("source.toolkit.fluxcd.io/v1", ref[1], "gitrepositories");
        String key = "kube|" + target.apiServerUrl() + "|source.toolkit.fluxcd.io/v1|gitrepositories|" + ref[1] + "|" + ref[2];
        if (key.equals(sourceKey)) {
            return;
        }
        unfollowSource();
        sourceKey = key;
        sourceSubscription = subscribeRelated(key, () -> new KubeObjectFeed(runtime, http, collection, ref[2]),
                object -> {
                    if (key.equals(sourceKey)) {
                        onSource(object);
                    }
                }, refused -> {
                    if (!key.equals(sourceKey)) {
                        return;
                    }
                    log("Cannot watch GitRepository " + ref[1] + "/" + ref[2] + " (" + refused.getMessage()
                            + "); waiting on " + target.describe() + " alone");
                    unfollowSource();
                });
    }

    /** Stops watching the source; {@code sourceKey} stays, so that a source that refused is not asked again. */
    private void unfollowSource() {
        if (sourceSubscription != null) {
            try {
                sourceSubscription.close();
            } catch (Exception ignored) {
                // a subscription only unregisters
            }
        }
        sourceSubscription = null;
        source = null;
    }

    private void onSource(JsonNode object) {
        GitSource seen = GitSource.of(object);
        boolean changed = source == null || !source.describe().equals(seen.describe());
        source = seen;
        if (changed && !(seen.isStalled() && notYetApplied)) {
            log(seen.describe());
        }
        failIfSourceStalled();
    }

    /** A stalled source matters only while our commit has not been applied: then it never will be. */
    private void failIfSourceStalled() {
        if (notYetApplied && source != null && source.isStalled()) {
            fail(target.describe() + " cannot get our commit: " + source.describe());
        }
    }

    private void whileBehind() {
        Duration every = runtime.settings().recheckInterval();
        failIfBranchRewritten(ancestry, () -> behind, () -> target.describe() + " applied " + last.appliedRevisionText());
        if (recheck == null) {
            recheck = runtime.scheduler().schedule(() -> {
                synchronized (this) {
                    recheck = null;
                    if (isOver()) {
                        return;
                    }
                }
                requestReconcile();
            }, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private String collection(String groupVersion, String namespace, String plural) {
        return target.apiServerUrl() + "/apis/" + groupVersion + "/namespaces/" + namespace + "/" + plural;
    }

    @Override
    protected String details() {
        if (last == null) {
            return "The API server never returned the object.\n";
        }
        StringBuilder out = new StringBuilder("Last observed: applied ").append(last.appliedRevisionText())
                .append(", attempted ").append(last.attemptedRevisionText()).append(", generation ")
                .append(last.generation()).append(" observed ").append(last.observedGeneration()).append('\n');
        for (FluxObject.Condition condition : last.conditions()) {
            out.append("Condition ").append(condition).append('\n');
        }
        if (source != null) {
            out.append("Source: ").append(source.describe()).append('\n');
        }
        return out.toString();
    }
}
