package io.jenkins.plugins.gitops.core.wait.http;

import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One {@link HttpClient} per trusted CA and proxy, so that waits on the same server share connections, and a changed
 * proxy setting is used by the requests of waits that start after the change (clients of an older proxy are dropped;
 * waits still using one keep it until they end).
 */
public final class HttpClients {

    private record Key(String caPem, HttpProxy proxy) {}

    private final Executor executor;
    private final Map<Key, HttpClient> clients = new ConcurrentHashMap<>();

    public HttpClients(Executor executor) {
        this.executor = executor;
    }

    public HttpClient client(String caPem, HttpProxy proxy) {
        Key key = new Key(caPem == null ? "" : caPem.strip(), proxy == null ? HttpProxy.NONE : proxy);
        HttpClient known = clients.get(key);
        if (known != null) {
            return known;
        }
        clients.keySet().removeIf(other -> !other.proxy().equals(key.proxy()));
        return clients.computeIfAbsent(key, k -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor);
            if (!k.caPem().isEmpty()) {
                builder.sslContext(Tls.trusting(k.caPem()));
            }
            k.proxy().applyTo(builder);
            return OwnThreads.create(builder::build);
        });
    }
}
