package io.jenkins.plugins.gitops.core.wait.http;

import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** One {@link HttpClient} per trusted CA, so that waits on the same server share connections. */
public final class HttpClients {

    private final Executor executor;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    public HttpClients(Executor executor) {
        this.executor = executor;
    }

    public HttpClient forCa(String caPem) {
        String key = caPem == null ? "" : caPem.strip();
        return clients.computeIfAbsent(key, pem -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor);
            if (!pem.isEmpty()) {
                builder.sslContext(Tls.trusting(pem));
            }
            return OwnThreads.create(builder::build);
        });
    }
}
