package io.jenkins.plugins.gitops.core.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.Test;

/**
 * The no-proxy rule of Jenkins' {@code hudson.ProxyConfiguration} (jenkinsci/jenkins,
 * core/src/main/java/hudson/ProxyConfiguration.java, {@code getNoProxyHostPatterns} and {@code JenkinsProxySelector}):
 * entries split on spaces, tabs, new lines, commas and bars; {@code *} is a wildcard; an entry matches the whole host.
 */
public class HttpProxyTest {

    private record Row(String noProxy, String host, boolean direct) {}

    private static final List<Row> ROWS = List.of(
            new Row(null, "argocd.example.com", false),
            new Row("argocd.example.com", "argocd.example.com", true),
            new Row("argocd.example.com", "ARGOCD.example.COM", true),
            new Row("example.com", "argocd.example.com", false),
            new Row("*.example.com", "argocd.example.com", true),
            new Row("*.example.com", "example.com", false),
            new Row("*.internal", "git.corp.internal", true),
            new Row("10.0.0.*", "10.0.0.17", true),
            new Row("10.0.0.*", "10.0.1.17", false),
            new Row("10.0.0.1", "1000001", false),
            new Row("localhost|127.0.0.1", "127.0.0.1", true),
            new Row("a.test, b.test", "b.test", true),
            new Row("a.test\tb.test\nc.test", "c.test", true),
            new Row("a.test  ,| b.test", "b.test", true),
            new Row("git+ssh.test", "git+ssh.test", true),
            new Row("git+ssh.test", "gitssh.test", false));

    @Test
    public void noProxyHostsFollowJenkinsRule() {
        for (Row row : ROWS) {
            HttpProxy proxy = new HttpProxy("proxy.corp", 3128, null, null, row.noProxy());
            assertEquals(row.toString(), row.direct(), proxy.bypasses(row.host()));
            Proxy chosen = proxy.proxyFor(URI.create("https://" + row.host() + ":8443/api"));
            assertEquals(row.toString(), row.direct(), chosen == Proxy.NO_PROXY);
        }
    }

    @Test
    public void onlyHttpAndHttpsGoThroughTheProxy() {
        HttpProxy proxy = new HttpProxy("proxy.corp", 3128, null, null, null);
        Proxy http = proxy.proxyFor(URI.create("http://git.example.com/repo.git"));
        assertEquals(Proxy.Type.HTTP, http.type());
        assertEquals("proxy.corp", ((InetSocketAddress) http.address()).getHostString());
        assertEquals(3128, ((InetSocketAddress) http.address()).getPort());
        assertEquals(Proxy.NO_PROXY, proxy.proxyFor(URI.create("ssh://git@git.example.com/repo.git")));
        assertEquals(List.of(Proxy.NO_PROXY), HttpProxy.NONE.selector().select(URI.create("https://x.test/")));
    }

    @Test
    public void noProxyConfiguredMeansDirect() {
        assertFalse(HttpProxy.NONE.isSet());
        assertTrue(HttpProxy.NONE.bypasses("anything.test"));
        assertFalse(new HttpProxy(" ", 3128, "u", "p", null).isSet());
    }

    @Test
    public void aPortOutOfRangeIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpProxy("proxy.corp", 0, null, null, null));
        assertEquals("The HTTP proxy port 0 of proxy.corp is not between 1 and 65535", e.getMessage());
    }

    @Test
    public void thePasswordIsNeverShown() {
        HttpProxy proxy = new HttpProxy("proxy.corp", 3128, "ci", "pr0xy-Secret", null);
        assertEquals("HttpProxy[proxy.corp:3128, user ci]", proxy.toString());
        assertFalse(proxy.toString().contains("pr0xy-Secret"));
    }

    @Test
    public void theProxyUserIsSentOnlyOnRequestsThatGoThroughTheProxy() {
        HttpProxy proxy = new HttpProxy("proxy.corp", 3128, "ci", "pw", "*.internal");
        assertEquals("Basic Y2k6cHc=", proxy.authorizationFor(URI.create("http://argocd.example.com/api")).orElseThrow());
        assertTrue(proxy.authorizationFor(URI.create("http://argocd.internal/api")).isEmpty());
        assertTrue(new HttpProxy("proxy.corp", 3128, null, null, null)
                .authorizationFor(URI.create("http://argocd.example.com/")).isEmpty());
        assertTrue(HttpProxy.NONE.authorizationFor(URI.create("http://argocd.example.com/")).isEmpty());
    }
}
