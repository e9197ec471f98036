package io.jenkins.plugins.gitops.credentials;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class GlobalCredentialsResolverTest {
    private final Map<String, StandardCredentials> store = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final GlobalCredentialsResolver resolver = new GlobalCredentialsResolver((id, url) -> {
        lookups.add(id + " for " + url);
        return store.get(id);
    });

    @Test
    public void lookedUpWithTheEntrysUrlForDomainMatching() throws Exception {
        store.put("bot", new TestCredentials.UserPass("bot", "deploy", "pw"));
        assertEquals(new GitAuth(GitAuth.Kind.USERNAME_PASSWORD, "deploy", "pw", null),
                resolver.git("bot", "https://git.example.com/shop.git"));
        assertEquals(List.of("bot for https://git.example.com/shop.git"), lookups);
        assertSame(GitAuth.NONE, resolver.git(" ", "https://git.example.com/shop.git"));
    }

    @Test
    public void kubernetesTakesATokenOrAKubeconfig() throws Exception {
        store.put("sa", new TestCredentials.Token("sa", "sa-token"));
        store.put("kc", new TestCredentials.SecretFile("kc", "config", "apiVersion: v1\n"));
        assertEquals(new KubernetesAuth(KubernetesAuth.Kind.TOKEN, "sa-token"), resolver.kubernetes("sa", "https://k8s"));
        assertEquals(new KubernetesAuth(KubernetesAuth.Kind.KUBECONFIG, "apiVersion: v1\n"), resolver.kubernetes("kc", "https://k8s"));
        assertEquals("KubernetesAuth[TOKEN]", resolver.kubernetes("sa", "https://k8s").toString());
    }

    @Test
    public void errorsNameTheIdTheExpectedTypesAndWhereItWasLookedFor() {
        store.put("bot", new TestCredentials.UserPass("bot", "deploy", "pw"));
        assertEquals("No credentials with ID 'gone' are available to the GitOps configuration (Manage Jenkins » System » "
                + "GitOps) (expected Secret text)",
                assertThrows(AbortException.class, () -> resolver.token("gone", "https://argocd")).getMessage());
        assertEquals("Credentials 'bot' are of type StandardUsernamePasswordCredentials, expected Secret text (a token), "
                + "or Secret file (a kubeconfig)",
                assertThrows(AbortException.class, () -> resolver.kubernetes("bot", "https://k8s")).getMessage());
        assertEquals("A credentials ID is required (expected Secret text)",
                assertThrows(AbortException.class, () -> resolver.token(null, "https://argocd")).getMessage());
    }

    /** The credentials plugin's SystemCredentialsProvider hides System scope from every item, so from every build. */
    @Test
    public void systemScopedCredentialsAreRefusedSinceNoBuildCouldUseThem() {
        store.put("argocd-system", new TestCredentials.SystemToken("argocd-system", "t"));
        AbortException e = assertThrows(AbortException.class, () -> resolver.token("argocd-system", "https://argocd"));
        assertEquals("credentials 'argocd-system' have System scope, which Jenkins hides from jobs and builds, so no "
                + "build could use them; give them Global scope", e.getMessage());
    }
}
