package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import hudson.Extension;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import java.util.Locale;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code rollout(cluster:, namespace:, kind:, name:)}: a workload whose rollout must complete, by the rules of
 * {@code kubectl rollout status}. It knows nothing about commits: put it after the Argo CD or Flux target that applies it.
 */
public final class RolloutWaitTarget extends KubernetesWaitTarget {
    static final String SYMBOL = "rollout";

    private String kind = "Deployment";

    @DataBoundConstructor
    public RolloutWaitTarget(String namespace, String name) {
        super(SYMBOL, namespace, name);
    }

    /** {@code Deployment} (the default), {@code StatefulSet} or {@code DaemonSet}. */
    @DataBoundSetter
    public void setKind(String kind) {
        String k = trim(kind);
        this.kind = k.isEmpty() ? "Deployment" : k;
    }

    public String getKind() {
        return kind;
    }

    @Override
    public TargetSpec spec(WaitConfiguration configuration) throws AbortException {
        Endpoint endpoint = clusterEndpoint(SYMBOL, configuration);
        return new TargetSpec.Rollout(workloadKind(), endpoint, namespaceIn(endpoint, SYMBOL), getName());
    }

    private RolloutTarget.Kind workloadKind() throws AbortException {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "deployment" -> RolloutTarget.Kind.DEPLOYMENT;
            case "statefulset" -> RolloutTarget.Kind.STATEFUL_SET;
            case "daemonset" -> RolloutTarget.Kind.DAEMON_SET;
            default -> throw new AbortException(SYMBOL + "(name: '" + getName() + "'): kind must be Deployment, StatefulSet "
                    + "or DaemonSet, not " + kind);
        };
    }

    @Extension
    @Symbol(SYMBOL)
    public static final class DescriptorImpl extends GitopsWaitTargetDescriptor {
        @Override
        public String getDisplayName() {
            return "Kubernetes rollout";
        }
    }
}
