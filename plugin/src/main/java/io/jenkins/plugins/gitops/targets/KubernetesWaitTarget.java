package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import org.kohsuke.stapler.DataBoundSetter;

/** A target read from the Kubernetes API of a cluster: a namespaced object, named by {@code namespace} and {@code name}. */
public abstract class KubernetesWaitTarget extends GitopsWaitTarget {
    private final String namespace;
    private final String name;
    private String cluster = "";

    KubernetesWaitTarget(String symbol, String namespace, String name) {
        this.namespace = trim(namespace);
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

    /** The namespace given, or else the cluster's default namespace. */
    final String namespaceIn(Endpoint endpoint, String symbol) throws AbortException {
        if (!namespace.isEmpty()) {
            return namespace;
        }
        if (endpoint.defaultScope() != null) {
            return endpoint.defaultScope();
        }
        throw new AbortException(symbol + "(name: '" + name + "'): give namespace:, or a default namespace for the cluster");
    }

    final Endpoint clusterEndpoint(String symbol, WaitConfiguration configuration) throws AbortException {
        return endpoint(symbol + "(namespace: '" + namespace + "', name: '" + name + "')", "cluster", cluster,
                configuration::cluster);
    }
}
