package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.ProxyConfiguration;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.net.URI;
import org.junit.Test;

/** Jenkins' proxy settings, read through the getters of {@code hudson.ProxyConfiguration} into engine values. */
public class JenkinsProxyTest {

    @Test
    public void readsHostPortUserPasswordAndNoProxyHosts() throws Exception {
        HttpProxy proxy = JenkinsProxy.of(new ProxyConfiguration("proxy.corp", 3128, "ci", "pw-77", "*.internal|localhost"));

        assertEquals(new HttpProxy("proxy.corp", 3128, "ci", "pw-77", "*.internal|localhost"), proxy);
        assertTrue(proxy.bypasses("argocd.internal"));
        assertFalse(proxy.bypasses("github.com"));
        assertTrue(proxy.authorizationFor(URI.create("http://github.com/")).isPresent());
    }

    @Test
    public void noConfigurationOrNoHostMeansNoProxy() throws Exception {
        assertEquals(HttpProxy.NONE, JenkinsProxy.of(null));
        assertEquals(HttpProxy.NONE, JenkinsProxy.of(new ProxyConfiguration("", 0, null, null, null)));
    }

    @Test
    public void withoutAUserNoCredentialsAreSent() throws Exception {
        HttpProxy proxy = JenkinsProxy.of(new ProxyConfiguration("proxy.corp", 8080, "", "", ""));

        assertTrue(proxy.isSet());
        assertTrue(proxy.authorizationFor(URI.create("http://github.com/")).isEmpty());
    }

    @Test
    public void offTheControllerThereIsNoProxy() {
        assertEquals(HttpProxy.NONE, JenkinsProxy.current());
    }
}
