package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import hudson.Extension;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code fluxHelmRelease(cluster:, namespace:, name:)}: a Flux HelmRelease whose chart from our commit must be Ready. */
public final class FluxHelmReleaseWaitTarget extends KubernetesWaitTarget {
    static final String SYMBOL = "fluxHelmRelease";

    @DataBoundConstructor
    public FluxHelmReleaseWaitTarget(String namespace, String name) {
        super(SYMBOL, namespace, name);
    }

    @Override
    public TargetSpec spec(WaitConfiguration configuration) throws AbortException {
        Endpoint endpoint = clusterEndpoint(SYMBOL, configuration);
        return new TargetSpec.Flux(FluxTarget.Kind.HELM_RELEASE, endpoint, namespaceIn(endpoint, SYMBOL),
                getName());
    }

    @Extension
    @Symbol(SYMBOL)
    public static final class DescriptorImpl extends GitopsWaitTargetDescriptor {
        @Override
        public String getDisplayName() {
            return "Flux HelmRelease";
        }
    }
}
