package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * JGit's HTTP connections, opened through the configured proxy instead of the JVM-wide {@code ProxySelector} that
 * JGit asks by default. A proxy user is sent as {@code Proxy-Authorization} on requests the proxy forwards ({@code http}
 * URLs); {@code https} goes through a tunnel whose credentials only the JVM's default authenticator can give.
 */
public final class ProxiedConnections implements HttpConnectionFactory2 {
    private final HttpConnectionFactory delegate;
    private final HttpProxy proxy;

    private ProxiedConnections(HttpConnectionFactory delegate, HttpProxy proxy) {
        this.delegate = delegate;
        this.proxy = proxy;
    }

    /** Sends an HTTP transport through {@code proxy}; other transports, and no proxy, are left as they are. */
    public static void apply(Transport transport, HttpProxy proxy) {
        if (proxy.isSet() && transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(new ProxiedConnections(http.getHttpConnectionFactory(), proxy));
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
        Proxy chosen = proxy.proxyFor(uri);
        HttpConnection connection = delegate.create(url, chosen);
        if ("http".equalsIgnoreCase(url.getProtocol())) {
            proxy.authorizationFor(uri).ifPresent(value -> connection.setRequestProperty("Proxy-Authorization", value));
        }
        return connection;
    }

    @Override
    public GitSession newSession() {
        return delegate instanceof HttpConnectionFactory2 sessions ? sessions.newSession() : new GitSession() {
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
