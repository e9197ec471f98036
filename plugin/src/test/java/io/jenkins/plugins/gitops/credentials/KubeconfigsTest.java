package io.jenkins.plugins.gitops.credentials;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class KubeconfigsTest {
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: prod
              cluster: {server: https://k8s.example.com:6443}
            contexts:
            - name: staging
              context: {cluster: prod, user: other}
            - name: prod
              context: {cluster: prod, user: deployer}
            users:
            - name: other
              user: {token: not-this-one}
            - name: deployer
              user:
                token: the-deployer-token
            """;

    @Test
    public void theCurrentContextsUserTokenIsUsed() {
        assertEquals("the-deployer-token", Kubeconfigs.currentToken(KUBECONFIG));
    }

    @Test
    public void noTokenMeansAnonymous() {
        assertNull(Kubeconfigs.currentToken(KUBECONFIG.replace("token: the-deployer-token", "client-certificate-data: AAAA")));
        assertNull(Kubeconfigs.currentToken(KUBECONFIG.replace("current-context: prod", "current-context: gone")));
        assertNull(Kubeconfigs.currentToken("not: [valid"));
        assertNull(Kubeconfigs.currentToken("just text"));
    }
}
