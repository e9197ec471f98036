package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import hudson.Extension;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code fluxKustomization(cluster:, namespace:, name:)}: a Flux Kustomization that must be Ready at our commit. */
public final class FluxKustomizationWaitTarget extends KubernetesWaitTarget {
    static final String SYMBOL = "fluxKustomization";

    @DataBoundConstructor
    public FluxKustomizationWaitTarget(String namespace, String name) {
        super(SYMBOL, namespace, name);
    }

    @Override
    public TargetSpec spec(WaitConfiguration configuration) throws AbortException {
        Endpoint endpoint = clusterEndpoint(SYMBOL, configuration);
        return new TargetSpec.Flux(FluxTarget.Kind.KUSTOMIZATION, endpoint, namespaceIn(endpoint, SYMBOL),
                getName());
    }

    @Extension
    @Symbol(SYMBOL)
    public static final class DescriptorImpl extends GitopsWaitTargetDescriptor {
        @Override
        public String getDisplayName() {
            return "Flux Kustomization";
        }
    }
}
