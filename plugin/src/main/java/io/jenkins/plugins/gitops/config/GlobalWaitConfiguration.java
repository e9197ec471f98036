package io.jenkins.plugins.gitops.config;

import hudson.AbortException;
import io.jenkins.plugins.gitops.targets.Endpoint;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import java.util.function.Supplier;

/** What {@code gitopsWait} reads from Manage Jenkins » System » GitOps. */
public final class GlobalWaitConfiguration implements WaitConfiguration {
    private final Supplier<GitopsConfiguration> configuration;

    public GlobalWaitConfiguration(Supplier<GitopsConfiguration> configuration) {
        this.configuration = configuration;
    }

    @Override
    public Endpoint argoCdServer(String name) throws AbortException {
        ArgoCdServer server = configuration.get().argoCdServer(name).orElseThrow(() -> notConfigured("server", name));
        return new Endpoint(server.getUrl(), server.getCredentialsId(), server.getCaCertificate(), server.getDefaultProject());
    }

    @Override
    public Endpoint cluster(String name) throws AbortException {
        KubernetesCluster cluster = configuration.get().cluster(name).orElseThrow(() -> notConfigured("cluster", name));
        return new Endpoint(cluster.getServerUrl(), cluster.getCredentialsId(), cluster.getCaCertificate(),
                cluster.getDefaultNamespace());
    }

    @Override
    public RepositoryLocation repository(String name) throws AbortException {
        ConfigRepository repository = configuration.get().repository(name)
                .orElseThrow(() -> notConfigured("repository", name));
        String branch = repository.getDefaultBranch();
        return new RepositoryLocation(repository.getUrl(),
                repository.getCredentialsId() == null ? "" : repository.getCredentialsId(),
                branch == null || branch.isBlank() ? null : branch, repository.getKnownHosts(),
                repository.isAcceptUnknownHosts());
    }

    @Override
    public int defaultTimeoutSeconds() {
        return configuration.get().getWaitTimeoutSeconds();
    }

    private static AbortException notConfigured(String what, String name) {
        return new AbortException(what + " '" + name + "' is not configured in Manage Jenkins » System » GitOps");
    }
}
