package io.jenkins.plugins.gitops.config;

import hudson.Extension;
import hudson.ExtensionList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Manage Jenkins » System » GitOps: the config repositories, Argo CD servers and Kubernetes clusters that pipelines
 * refer to by name, and the defaults of {@code gitopsWait}. An administrator sets them once, through the web form or
 * configuration-as-code ({@code unclassified: gitops:}), instead of every Jenkinsfile carrying URLs and credentials.
 */
@Extension
@Symbol("gitops")
public class GitopsConfiguration extends GlobalConfiguration {
    static final int DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_POLL_INTERVAL_SECONDS = 5;

    private List<ConfigRepository> repositories = new ArrayList<>();
    private List<ArgoCdServer> argoCdServers = new ArrayList<>();
    private List<KubernetesCluster> kubernetesClusters = new ArrayList<>();
    private int waitTimeoutSeconds = DEFAULT_WAIT_TIMEOUT_SECONDS;
    private int pollIntervalSeconds = DEFAULT_POLL_INTERVAL_SECONDS;

    /** While the web form is bound: setters then leave saving to {@link #configure}. */
    private transient boolean binding;

    public GitopsConfiguration() {
        load();
    }

    /** The configuration of this Jenkins. */
    public static GitopsConfiguration get() {
        return ExtensionList.lookupSingleton(GitopsConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "GitOps";
    }

    public List<ConfigRepository> getRepositories() {
        return Collections.unmodifiableList(nonNull(repositories));
    }

    @DataBoundSetter
    public void setRepositories(List<ConfigRepository> repositories) {
        this.repositories = Settings.uniquelyNamed(repositories, ConfigRepository::getName, "repositories", "config repository");
        persist();
    }

    public List<ArgoCdServer> getArgoCdServers() {
        return Collections.unmodifiableList(nonNull(argoCdServers));
    }

    @DataBoundSetter
    public void setArgoCdServers(List<ArgoCdServer> argoCdServers) {
        this.argoCdServers = Settings.uniquelyNamed(argoCdServers, ArgoCdServer::getName, "argoCdServers", "Argo CD server");
        persist();
    }

    public List<KubernetesCluster> getKubernetesClusters() {
        return Collections.unmodifiableList(nonNull(kubernetesClusters));
    }

    @DataBoundSetter
    public void setKubernetesClusters(List<KubernetesCluster> kubernetesClusters) {
        this.kubernetesClusters = Settings.uniquelyNamed(kubernetesClusters, KubernetesCluster::getName,
                "kubernetesClusters", "Kubernetes cluster");
        persist();
    }

    public int getWaitTimeoutSeconds() {
        return waitTimeoutSeconds;
    }

    /** How long {@code gitopsWait} waits when a pipeline gives no timeout. */
    @DataBoundSetter
    public void setWaitTimeoutSeconds(int waitTimeoutSeconds) {
        this.waitTimeoutSeconds = Settings.atLeast(waitTimeoutSeconds, 1, "waitTimeoutSeconds");
        persist();
    }

    public int getPollIntervalSeconds() {
        return pollIntervalSeconds;
    }

    /** How often {@code gitopsWait} asks the reconciler when a pipeline gives no interval. */
    @DataBoundSetter
    public void setPollIntervalSeconds(int pollIntervalSeconds) {
        this.pollIntervalSeconds = Settings.atLeast(pollIntervalSeconds, 1, "pollIntervalSeconds");
        persist();
    }

    /** The config repository with this name. */
    public Optional<ConfigRepository> repository(String name) {
        return named(repositories, ConfigRepository::getName, name);
    }

    /** The Argo CD server with this name. */
    public Optional<ArgoCdServer> argoCdServer(String name) {
        return named(argoCdServers, ArgoCdServer::getName, name);
    }

    /** The Kubernetes cluster with this name. */
    public Optional<KubernetesCluster> cluster(String name) {
        return named(kubernetesClusters, KubernetesCluster::getName, name);
    }

    /**
     * Binds the submitted form through the setters, all or nothing. Lists are emptied first because the form sends no
     * key for a list whose last entry was deleted. A refused setting becomes a form error naming it.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        State before = new State(repositories, argoCdServers, kubernetesClusters, waitTimeoutSeconds, pollIntervalSeconds);
        binding = true;
        try {
            repositories = new ArrayList<>();
            argoCdServers = new ArrayList<>();
            kubernetesClusters = new ArrayList<>();
            req.bindJSON(this, json);
        } catch (RuntimeException e) {
            before.restore(this);
            InvalidSettingException invalid = invalidSetting(e);
            if (invalid == null) {
                throw e;
            }
            throw new FormException(invalid.getMessage(), invalid, invalid.getField());
        } finally {
            binding = false;
        }
        save();
        return true;
    }

    private void persist() {
        if (!binding) {
            save();
        }
    }

    private static InvalidSettingException invalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> Optional<T> named(List<T> entries, Function<T, String> nameOf, String name) {
        if (name == null) {
            return Optional.empty();
        }
        return nonNull(entries).stream().filter(e -> nameOf.apply(e).equals(name)).findFirst();
    }

    private record State(List<ConfigRepository> repositories, List<ArgoCdServer> argoCdServers,
            List<KubernetesCluster> kubernetesClusters, int waitTimeoutSeconds, int pollIntervalSeconds) {
        void restore(GitopsConfiguration c) {
            c.repositories = repositories;
            c.argoCdServers = argoCdServers;
            c.kubernetesClusters = kubernetesClusters;
            c.waitTimeoutSeconds = waitTimeoutSeconds;
            c.pollIntervalSeconds = pollIntervalSeconds;
        }
    }
}
