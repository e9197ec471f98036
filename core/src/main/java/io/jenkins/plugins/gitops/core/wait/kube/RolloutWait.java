package io.jenkins.plugins.gitops.core.wait.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.TargetWait;
import io.jenkins.plugins.gitops.core.wait.WaitListener;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.core.wait.WaitRuntime;

/** Waits until a workload's rollout is complete by {@code kubectl rollout status} rules, watching the object. */
public final class RolloutWait extends TargetWait {

    private final RolloutTarget target;
    private JsonNode last;

    public RolloutWait(WaitRuntime runtime, WaitRequest request, WaitListener listener) {
        super(runtime, request, listener);
        this.target = (RolloutTarget) request.target();
    }

    @Override
    protected void begin() {
        String collection = target.apiServerUrl() + "/apis/apps/v1/namespaces/" + target.namespace() + "/"
                + target.kind().plural();
        subscribe(target.feedKey(), () -> new KubeObjectFeed(runtime, runtime.http(target.caPem(), target.token()),
                collection, target.name()));
    }

    @Override
    protected void onSnapshot(JsonNode object) {
        last = object;
        RolloutStatus.Result result = RolloutStatus.of(target.kind(), object);
        if (result.failed()) {
            fail(result.message());
        } else if (result.complete()) {
            succeed(new WaitOutcome.Done(result.message(), null, false));
        } else {
            state(result.message());
        }
    }

    @Override
    protected String details() {
        if (last == null) {
            return "The API server never returned the object.\n";
        }
        StringBuilder out = new StringBuilder("Last observed: ")
                .append(RolloutStatus.of(target.kind(), last).message()).append('\n');
        for (JsonNode c : last.path("status").path("conditions")) {
            out.append("Condition ").append(c.path("type").asText()).append('=').append(c.path("status").asText())
                    .append(' ').append(c.path("reason").asText()).append(": ").append(c.path("message").asText())
                    .append('\n');
        }
        return out.toString();
    }
}
