package io.jenkins.plugins.gitops.credentials;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.Serializable;

/**
 * Jenkins' HTTP proxy in plain values of the plugin's own jar, so that it passes Jenkins' class filter on its way to an
 * agent with {@link GitAuth} (the engine's {@link HttpProxy} lives in a library jar that the filter does not accept).
 * {@link #toString()} shows no password.
 */
public record ProxyValues(String host, int port, String username, String password, String noProxyHosts)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ProxyValues NONE = of(HttpProxy.NONE);

    public static ProxyValues of(HttpProxy proxy) {
        return new ProxyValues(proxy.host(), proxy.port(), proxy.username(), proxy.password(), proxy.noProxyHosts());
    }

    public HttpProxy toEngine() {
        return new HttpProxy(host, port, username, password, noProxyHosts);
    }

    @Override
    public String toString() {
        return toEngine().toString();
    }
}
