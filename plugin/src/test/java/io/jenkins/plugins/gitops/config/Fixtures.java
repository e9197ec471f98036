package io.jenkins.plugins.gitops.config;

import java.util.List;

/** A configuration with every field set, each to a value no other field has. */
final class Fixtures {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----";

    private Fixtures() {
    }

    static GitopsConfiguration everyFieldSet() {
        GitopsConfiguration c = new GitopsConfiguration();
        c.setRepositories(List.of(repository("shop-config", "https://git.example.com/platform/shop-config.git", 1),
                repository("infra", "git@git.example.com:platform/infra.git", 2)));
        ArgoCdServer argo = new ArgoCdServer("prod-argocd", "https://argocd.example.com");
        argo.setCredentialsId("argocd-token");
        argo.setCaCertificate(CA.replace("fake", "argo"));
        argo.setDefaultProject("shop");
        c.setArgoCdServers(List.of(argo));
        KubernetesCluster cluster = new KubernetesCluster("prod", "https://k8s.example.com:6443");
        cluster.setCredentialsId("prod-kubeconfig");
        cluster.setCaCertificate(CA.replace("fake", "k8s"));
        cluster.setDefaultNamespace("shop-ns");
        c.setKubernetesClusters(List.of(cluster));
        c.setWaitTimeoutSeconds(901);
        c.setPollIntervalSeconds(7);
        return c;
    }

    static ConfigRepository repository(String name, String url, int n) {
        ConfigRepository r = new ConfigRepository(name, url);
        r.setDefaultBranch("release-" + n);
        r.setCredentialsId("config-repo-bot-" + n);
        r.setAuthorName("Deploy Bot " + n);
        r.setAuthorEmail("bot" + n + "@example.com");
        r.setMessageTemplate("deploy ${JOB_NAME} #${BUILD_NUMBER} (" + n + ")");
        r.setKnownHosts("git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + n);
        r.setAcceptUnknownHosts(true);
        r.setPushAttempts(20 + n);
        r.setPullRequestHost(n % 2 == 0 ? "github" : "gitlab");
        r.setPullRequestApiUrl("https://git" + n + ".example.com/api/v4");
        r.setPullRequestCredentialsId("pr-token-" + n);
        r.setSigningKeyCredentialsId("signing-key-" + n);
        r.setSigningPassphraseCredentialsId("signing-passphrase-" + n);
        return r;
    }
}
