package io.jenkins.plugins.gitops.core.wait.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.testing.TestTls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty plumbing shared by the simulators: request counters, injected transient failures, and long-lived streaming
 * responses that receive pushed lines.
 */
abstract class SimServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One open streaming response, with what it wants to hear about. */
    record Listener(Predicate<String> interested, BlockingQueue<String> queue) {
    }

    private static final String END = "\u0000END";

    /**
     * A streaming answer (an event stream, a watch) holds one of the server's threads, as it holds a goroutine in the
     * real servers: enough of them for the benchmark's 500 targets with their streams, and requests besides.
     */
    private static final int MAX_THREADS = 2000;

    private final Server server = new Server(new QueuedThreadPool(MAX_THREADS, 8));
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;
    private volatile String failureBody;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile BiConsumer<String, String> requestObserver;
    private volatile BiPredicate<String, String> holding = (method, uri) -> false;
    private volatile CompletableFuture<Void> released = new CompletableFuture<>();
    private final AtomicInteger held = new AtomicInteger();

    private final boolean https;

    SimServer() {
        this(null);
    }

    /** @param tls the identity to serve HTTPS with, or null for plain HTTP */
    SimServer(TestTls tls) {
        this.https = tls != null;
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server);
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.serverKeyStore());
            ssl.setKeyStorePassword(new String(TestTls.PASSWORD));
            connector = new ServerConnector(server, ssl);
        }
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                String query = request.getQueryString();
                String uri = request.getRequestURI() + (query == null ? "" : "?" + query);
                BiConsumer<String, String> observer = requestObserver;
                if (observer != null) {
                    observer.accept(request.getMethod(), uri);
                }
                if (holding.test(request.getMethod(), uri)) {
                    holdUntilReleased();
                    send(response, 503, "{\"message\":\"the server was released from holding this request\"}");
                    return;
                }
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    countUp("failed");
                    send(response, failureStatus, failureBody);
                    return;
                }
                handle(request, response);
            }
        }), "/*");
        server.setHandler(context);
        server.setStopTimeout(50);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

    public String url() {
        return (https ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Sees the method and the URI (with query) of every request before it is handled, e.g. to count per object. */
    public void observeRequests(BiConsumer<String, String> observer) {
        requestObserver = observer;
    }

    /**
     * Leaves requests that match {@code methodAndUri} unanswered, like a server that accepts connections but stopped
     * responding, until {@link #releaseHeldRequests()} or close.
     */
    public void holdRequests(BiPredicate<String, String> methodAndUri) {
        released = new CompletableFuture<>();
        holding = methodAndUri;
    }

    /** Number of requests being held right now. */
    public int heldRequests() {
        return held.get();
    }

    /** Answers every held request with 503 and stops holding new ones. */
    public void releaseHeldRequests() {
        holding = (method, uri) -> false;
        released.complete(null);
    }

    private void holdUntilReleased() {
        held.incrementAndGet();
        try {
            CompletableFuture<Void> until = released;
            while (!closed && !until.isDone()) {
                try {
                    until.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still holding
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    return;
                }
            }
        } finally {
            held.decrementAndGet();
        }
    }

    /** Answers the next {@code count} requests, whatever they are, with {@code status} and {@code body}. */
    public void failNext(int count, int status, String body) {
        failureStatus = status;
        failureBody = body;
        failuresLeft.set(count);
    }

    public int count(String what) {
        AtomicInteger counter = counters.get(what);
        return counter == null ? 0 : counter.get();
    }

    void countUp(String what) {
        counters.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    static void send(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body instanceof JsonNode node ? JSON.writeValueAsString(node) : String.valueOf(body));
    }

    static JsonNode readBody(HttpServletRequest request) throws IOException {
        return JSON.readTree(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Number of streaming responses open right now. */
    public int openStreams() {
        return listeners.size();
    }

    /** Keeps the response open and writes every line pushed for it until the client leaves or the server closes. */
    void stream(HttpServletResponse response, String contentType, String first, Listener listener)
            throws IOException {
        response.setStatus(200);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        PrintWriter writer = response.getWriter();
        try {
            if (first != null) {
                writer.write(first);
            }
            writer.flush();
            response.flushBuffer();
            while (!closed) {
                String line;
                try {
                    line = listener.queue().poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (line == null) {
                    continue;
                }
                if (line.equals(END)) {
                    return;
                }
                writer.write(line);
                writer.flush();
                if (writer.checkError()) {
                    return;
                }
            }
        } finally {
            listeners.remove(listener);
        }
    }

    /** Registers a stream listener; do it under the lock that orders changes, before reading the first state. */
    Listener listen(Predicate<String> interested) {
        Listener listener = new Listener(interested, new LinkedBlockingQueue<>());
        listeners.add(listener);
        return listener;
    }

    /** Pushes {@code text} to every open stream interested in {@code key}. */
    void push(String key, String text) {
        for (Listener listener : listeners) {
            if (listener.interested().test(key)) {
                listener.queue().add(text);
            }
        }
    }

    /** Ends every open stream, as a server does when a watch times out. */
    public void endStreams() {
        for (Listener listener : listeners) {
            listener.queue().add(END);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.stop();
        } catch (Exception ignored) {
            // best effort in tests
        }
    }
}
