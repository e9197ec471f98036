package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import org.kohsuke.stapler.DataBoundSetter;

/** A target read from the Kubernetes API of a cluster: a namespaced object, named by {@code namespace} and {@code name}. */
public abstract class KubernetesWaitTarget extends GitopsWaitTarget {
    private final String namespace;
    private final String name;
    private String cluster = "";

    KubernetesWaitTarget(String symbol, String namespace, String name) {
        this.namespace = required(namespace, symbol, "namespace");
        this.name = required(name, symbol, "name");
    }

    /** A Kubernetes cluster of the global configuration. */
    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = trim(cluster);
    }

    public String getNamespace() {
        return namespace;
    }

    public String getName() {
        return name;
    }

    public String getCluster() {
        return cluster;
    }

    final Endpoint clusterEndpoint(String symbol, WaitConfiguration configuration) throws AbortException {
        return endpoint(symbol + "(namespace: '" + namespace + "', name: '" + name + "')", "cluster", cluster,
                configuration::cluster);
    }
}
