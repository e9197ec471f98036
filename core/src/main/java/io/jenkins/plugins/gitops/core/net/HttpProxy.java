package io.jenkins.plugins.gitops.core.net;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP proxy that Jenkins' administrators configure once (Manage Jenkins » System » HTTP Proxy), in plain values so
 * that it can travel to an agent with the credentials. The no-proxy hosts follow Jenkins' own rule: entries separated
 * by spaces, tabs, new lines, commas or bars, {@code *} matching anything, each entry matching the whole host name.
 * {@link #toString()} shows no password.
 */
public record HttpProxy(String host, int port, String username, String password, String noProxyHosts)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final HttpProxy NONE = new HttpProxy(null, 0, null, null, null);

    public HttpProxy {
        host = blankToNull(host);
        username = blankToNull(username);
        noProxyHosts = blankToNull(noProxyHosts);
        if (host != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("The HTTP proxy port " + port + " of " + host + " is not between 1 and 65535");
        }
    }

    public boolean isSet() {
        return host != null;
    }

    /** Whether a request to {@code targetHost} goes direct: no proxy, or the host is one of the no-proxy hosts. */
    public boolean bypasses(String targetHost) {
        if (!isSet() || targetHost == null) return true;
        String needle = targetHost.toLowerCase(Locale.ROOT);
        return noProxyPatterns().stream().anyMatch(p -> p.matcher(needle).matches());
    }

    /** The proxy for an {@code http} or {@code https} URI; anything else, and the no-proxy hosts, go direct. */
    public Proxy proxyFor(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || bypasses(uri.getHost())) {
            return Proxy.NO_PROXY;
        }
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(host, port));
    }

    public ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(proxyFor(uri));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
    }

    /**
     * The {@code Proxy-Authorization} value for a request to {@code uri} that goes through this proxy with a user, sent
     * with the request itself: an {@link java.net.Authenticator} on a JDK client would also strip the request's own
     * {@code Authorization} (JDK-8326949, as Jenkins' {@code ProxyConfiguration.newHttpClientBuilder} warns), and Argo
     * CD and Kubernetes need their bearer tokens. For {@code https} the JDK sends it on the {@code CONNECT} unless
     * {@code jdk.http.auth.tunneling.disabledSchemes} disables Basic, as it does by default.
     */
    public Optional<String> authorizationFor(URI uri) {
        if (username == null || proxyFor(uri) == Proxy.NO_PROXY) return Optional.empty();
        String pair = username + ":" + (password == null ? "" : password);
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** Routes a JDK HTTP client through this proxy, as Jenkins' {@code ProxyConfiguration.newHttpClientBuilder} does. */
    public HttpClient.Builder applyTo(HttpClient.Builder builder) {
        if (isSet()) {
            builder.proxy(selector());
        }
        return builder;
    }

    /** {@code host:port}, for messages that name the proxy a connection went through. */
    public String address() {
        return isSet() ? host + ":" + port : "no proxy";
    }

    private List<Pattern> noProxyPatterns() {
        List<Pattern> patterns = new ArrayList<>();
        if (noProxyHosts == null) return patterns;
        for (String entry : noProxyHosts.split("[ \t\n,|]+")) {
            if (!entry.isEmpty()) {
                patterns.add(wildcard(entry.toLowerCase(Locale.ROOT)));
            }
        }
        return patterns;
    }

    private static Pattern wildcard(String entry) {
        List<String> literals = new ArrayList<>();
        for (String literal : entry.split("\\*", -1)) {
            literals.add(literal.isEmpty() ? "" : Pattern.quote(literal));
        }
        return Pattern.compile(String.join(".*", literals));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return isSet() ? "HttpProxy[" + address() + (username == null ? "" : ", user " + username) + "]" : "HttpProxy[none]";
    }
}
