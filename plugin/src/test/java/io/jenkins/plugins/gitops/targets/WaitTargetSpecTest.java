package io.jenkins.plugins.gitops.targets;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import hudson.AbortException;
import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import org.junit.Test;

public class WaitTargetSpecTest {
    /** A configuration that knows one Argo CD server and one cluster. */
    private static final WaitConfiguration CONFIGURED = new WaitConfiguration() {
        @Override
        public Endpoint argoCdServer(String name) throws AbortException {
            if (name.equals("prod-argocd")) {
                return new Endpoint("https://argocd.example.com", "argocd-token", null);
            }
            throw new AbortException("server '" + name + "' is not configured");
        }

        @Override
        public Endpoint cluster(String name) throws AbortException {
            if (name.equals("prod")) {
                return new Endpoint("https://kube.example.com:6443", "kube-token", "-----BEGIN CERTIFICATE-----");
            }
            throw new AbortException("cluster '" + name + "' is not configured");
        }
    };

    @Test
    public void argoCdByServerName() throws Exception {
        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setServer("prod-argocd");
        target.setProject("shop");
        target.setSync(true);

        TargetSpec spec = target.spec(CONFIGURED);

        assertEquals(new ArgoCdTarget("https://argocd.example.com", "t", "shop", "shop-web", true, null), spec.toEngine("t"));
        assertEquals("argocd-token", spec.endpoint().credentialsId());
        assertEquals("Argo CD application shop/shop-web", spec.describe());
    }

    @Test
    public void argoCdByUrlDefaultsToTheDefaultProject() throws Exception {
        ArgoCdWaitTarget target = new ArgoCdWaitTarget("shop-web");
        target.setUrl("https://argocd.example.com/");
        target.setCredentialsId("argocd-token");

        assertEquals(new ArgoCdTarget("https://argocd.example.com", "t", "default", "shop-web", false, null),
                target.spec(WaitConfiguration.NONE).toEngine("t"));
    }

    @Test
    public void kubernetesTargetsByClusterNameOrUrl() throws Exception {
        FluxKustomizationWaitTarget kustomization = new FluxKustomizationWaitTarget("flux-system", "shop");
        kustomization.setCluster("prod");
        assertEquals(new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, "https://kube.example.com:6443", "t",
                "-----BEGIN CERTIFICATE-----", "flux-system", "shop"), kustomization.spec(CONFIGURED).toEngine("t"));

        FluxHelmReleaseWaitTarget release = new FluxHelmReleaseWaitTarget("shop", "web");
        release.setUrl("https://kube.example.com:6443");
        release.setCredentialsId("kube-token");
        release.setCaCertificate("  ");
        TargetSpec spec = release.spec(WaitConfiguration.NONE);
        assertEquals(new FluxTarget(FluxTarget.Kind.HELM_RELEASE, "https://kube.example.com:6443", "t", null, "shop",
                "web"), spec.toEngine("t"));
        assertNull(spec.endpoint().caCertificate());

        RolloutWaitTarget rollout = new RolloutWaitTarget("shop", "db");
        rollout.setCluster("prod");
        rollout.setKind("statefulset");
        assertEquals(RolloutTarget.Kind.STATEFUL_SET, ((RolloutTarget) rollout.spec(CONFIGURED).toEngine("t")).kind());
        assertEquals("Deployment", new RolloutWaitTarget("shop", "web").getKind());
    }

    @Test
    public void unclearOrIncompleteEndpointsAreRefusedWithTheFix() {
        ArgoCdWaitTarget neither = new ArgoCdWaitTarget("shop-web");
        assertEquals("argoCd(application: 'shop-web'): give server: (configured in Manage Jenkins » System) or url: "
                + "with credentialsId:", message(() -> neither.spec(CONFIGURED)));

        ArgoCdWaitTarget both = new ArgoCdWaitTarget("shop-web");
        both.setServer("prod-argocd");
        both.setUrl("https://argocd.example.com");
        assertEquals("argoCd(application: 'shop-web'): give server: or url: with credentialsId:, not both (server "
                + "'prod-argocd' brings its own URL, credentials and CA)", message(() -> both.spec(CONFIGURED)));

        ArgoCdWaitTarget noCredentials = new ArgoCdWaitTarget("shop-web");
        noCredentials.setUrl("https://argocd.example.com");
        assertEquals("argoCd(application: 'shop-web'): url: needs credentialsId: (Secret text holding the API token)",
                message(() -> noCredentials.spec(CONFIGURED)));

        RolloutWaitTarget notHttp = new RolloutWaitTarget("shop", "web");
        notHttp.setUrl("kube.example.com:6443");
        notHttp.setCredentialsId("kube-token");
        assertEquals("rollout(namespace: 'shop', name: 'web'): url must be an https:// (or http://) URL, not "
                + "kube.example.com:6443", message(() -> notHttp.spec(CONFIGURED)));

        FluxKustomizationWaitTarget unknownCluster = new FluxKustomizationWaitTarget("flux-system", "shop");
        unknownCluster.setCluster("staging");
        assertEquals("fluxKustomization(namespace: 'flux-system', name: 'shop'): cluster 'staging' is not configured",
                message(() -> unknownCluster.spec(CONFIGURED)));

        RolloutWaitTarget job = new RolloutWaitTarget("shop", "web");
        job.setCluster("prod");
        job.setKind("Job");
        assertEquals("rollout(name: 'web'): kind must be Deployment, StatefulSet or DaemonSet, not Job",
                message(() -> job.spec(CONFIGURED)));
    }

    @Test
    public void requiredNamesAreCheckedWhenTheStepIsRead() {
        assertEquals("argoCd: 'application' is required",
                assertThrows(IllegalArgumentException.class, () -> new ArgoCdWaitTarget(" ")).getMessage());
        assertEquals("fluxHelmRelease: 'namespace' is required",
                assertThrows(IllegalArgumentException.class, () -> new FluxHelmReleaseWaitTarget(null, "web")).getMessage());
    }

    private interface SpecCall {
        TargetSpec call() throws AbortException;
    }

    private static String message(SpecCall call) {
        return assertThrows(AbortException.class, call::call).getMessage();
    }
}
