package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import hudson.AbortException;
import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.targets.ArgoCdWaitTarget;
import io.jenkins.plugins.gitops.targets.RolloutWaitTarget;
import io.jenkins.plugins.gitops.targets.TargetSpec;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import java.util.List;
import org.junit.Test;

/** Named servers and clusters of the global configuration, and their defaults, as gitopsWait's targets see them. */
public class GlobalWaitConfigurationTest {
    private final GitopsConfiguration config = new GitopsConfiguration();
    private final GlobalWaitConfiguration waits = new GlobalWaitConfiguration(() -> config);

    @Test
    public void namedServerGivesUrlCredentialsCaAndDefaultProject() throws Exception {
        ArgoCdServer server = new ArgoCdServer("prod-argocd", "https://argocd.example.com");
        server.setCredentialsId("argocd-token");
        server.setDefaultProject("shop");
        config.setArgoCdServers(List.of(server));
        config.setWaitTimeoutSeconds(900);

        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setServer("prod-argocd");
        TargetSpec spec = target.spec(waits);
        ArgoCdTarget engine = (ArgoCdTarget) spec.toEngine("token");

        assertEquals("https://argocd.example.com", engine.serverUrl());
        assertEquals("argocd-token", spec.endpoint().credentialsId());
        assertEquals("shop", engine.project());
        target.setProject("other");
        assertEquals("other", ((ArgoCdTarget) target.spec(waits).toEngine("token")).project());
        assertEquals(900, waits.defaultTimeoutSeconds());
    }

    @Test
    public void namedClusterGivesItsDefaultNamespace() throws Exception {
        KubernetesCluster cluster = new KubernetesCluster("prod", "https://k8s.example.com:6443");
        cluster.setCredentialsId("kube");
        cluster.setDefaultNamespace("shop");
        config.setKubernetesClusters(List.of(cluster));

        RolloutWaitTarget target = new RolloutWaitTarget("", "web");
        target.setCluster("prod");
        assertEquals("shop", ((io.jenkins.plugins.gitops.core.wait.RolloutTarget) target.spec(waits).toEngine("t")).namespace());

        cluster.setDefaultNamespace("");
        AbortException e = assertThrows(AbortException.class, () -> target.spec(waits));
        assertEquals("rollout(name: 'web'): give namespace:, or a default namespace for the cluster", e.getMessage());
    }

    @Test
    public void namedRepositoryGivesUrlCredentialsAndDefaultBranch() throws Exception {
        ConfigRepository repository = new ConfigRepository("shop-config", "https://git.example.com/platform/shop-config.git");
        repository.setCredentialsId("git-token");
        repository.setDefaultBranch("main");
        config.setRepositories(List.of(repository));

        assertEquals(new WaitConfiguration.RepositoryLocation("https://git.example.com/platform/shop-config.git",
                "git-token", "main"), waits.repository("shop-config"));
        repository.setDefaultBranch("");
        repository.setCredentialsId("");
        assertEquals(new WaitConfiguration.RepositoryLocation("https://git.example.com/platform/shop-config.git", "", null),
                waits.repository("shop-config"));
        AbortException e = assertThrows(AbortException.class, () -> waits.repository("nope"));
        assertEquals("repository 'nope' is not configured in Manage Jenkins » System » GitOps", e.getMessage());
    }

    @Test
    public void unknownNamesSaySo() {
        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setServer("nope");
        AbortException e = assertThrows(AbortException.class, () -> target.spec(waits));
        assertEquals("argoCd(application: 'shop-web'): server 'nope' is not configured in Manage Jenkins » System » GitOps",
                e.getMessage());
    }
}
