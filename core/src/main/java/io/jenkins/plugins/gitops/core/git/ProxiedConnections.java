package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.util.HttpSupport;

/**
 * JGit's HTTP connections of one transaction: opened through the configured proxy instead of the JVM-wide
 * {@code ProxySelector} that JGit asks by default (which is asked when none is configured), and watched by the
 * transaction's deadline. A proxy user is sent as
 * {@code Proxy-Authorization} on requests the proxy forwards ({@code http} URLs); {@code https} goes through a tunnel
 * whose credentials only the JVM's default authenticator can give.
 */
public final class ProxiedConnections implements HttpConnectionFactory2 {
    private final HttpProxy proxy;
    private final TransactionDeadline deadline;

    private ProxiedConnections(HttpProxy proxy, TransactionDeadline deadline) {
        this.proxy = proxy;
        this.deadline = deadline;
    }

    /** Sends an HTTP transport through {@code proxy} (none: directly) under {@code deadline}; others are left as they are. */
    static void apply(Transport transport, HttpProxy proxy, TransactionDeadline deadline) {
        if (transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(new ProxiedConnections(proxy, deadline));
        }
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy ignoredJvmProxy) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("Not a URL: " + Urls.redact(url.toString()), e);
        }
        Proxy chosen = proxy.isSet() ? proxy.proxyFor(uri) : HttpSupport.proxyFor(ProxySelector.getDefault(), url);
        WatchedHttpConnection connection = new WatchedHttpConnection((HttpURLConnection) url.openConnection(chosen),
                deadline);
        deadline.watch(connection::abort);
        if (proxy.isSet() && "http".equalsIgnoreCase(url.getProtocol())) {
            proxy.authorizationFor(uri).ifPresent(value -> connection.setRequestProperty("Proxy-Authorization", value));
        }
        return connection;
    }

    @Override
    public GitSession newSession() {
        // TLS is always verified: the caches' configuration never turns http.sslVerify off.
        return new GitSession() {
            @Override
            public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
                return connection;
            }

            @Override
            public void close() {
            }
        };
    }
}
