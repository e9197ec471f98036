package io.jenkins.plugins.gitops.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP proxy as corporate networks run them (squid and the like): requests in absolute form are forwarded,
 * {@code CONNECT} opens a tunnel, and with a user configured every request without the right
 * {@code Proxy-Authorization: Basic} is answered 407 with {@code Proxy-Authenticate}. It records what it was asked
 * for, so that a test can tell that a connection went through it (or around it). {@link #fault} makes it break
 * the answers to chosen requests as flaky networks do: cut after N bytes, or hold them open and silent after N bytes.
 */
public final class HttpProxyServer implements AutoCloseable {
    private final ServerSocket server;
    private final String expectedAuthorization;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Fault fault;
    private final CountDownLatch closing = new CountDownLatch(1);

    /**
     * How requests whose target contains {@code match} break after {@code bytes} bytes: the answer (or, with
     * {@code upload}, the request's body on its way to the server) is cut, stalled, or from then on dripped one byte
     * every {@code drip}.
     */
    public record Fault(String match, int bytes, boolean stall, java.time.Duration drip, boolean upload) {
        public static Fault cutAfter(String match, int bytes) {
            return new Fault(match, bytes, false, null, false);
        }

        public static Fault stallAfter(String match, int bytes) {
            return new Fault(match, bytes, true, null, false);
        }

        public static Fault dripAfter(String match, int bytes, java.time.Duration every) {
            return new Fault(match, bytes, false, every, false);
        }

        /** The request's body stops reaching the server after {@code bytes}; the connection stays open. */
        public static Fault stallUploadAfter(String match, int bytes) {
            return new Fault(match, bytes, true, null, true);
        }

        /** The request's body is cut after {@code bytes}: both connections are closed. */
        public static Fault cutUploadAfter(String match, int bytes) {
            return new Fault(match, bytes, false, null, true);
        }
    }

    /** Breaks the answers to matching requests from now on; null heals the network. */
    public void fault(Fault breaking) {
        this.fault = breaking;
    }

    private HttpProxyServer(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Thread acceptor = new Thread(this::accept, "test-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static HttpProxyServer open() throws IOException {
        return new HttpProxyServer(null, null);
    }

    public static HttpProxyServer withUser(String user, String password) throws IOException {
        return new HttpProxyServer(user, password);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Each request line the proxy received, such as {@code GET http://127.0.0.1:8080/x} or {@code CONNECT h:443}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The requests that the proxy refused with 407. */
    public List<String> refused() {
        return requests.stream().filter(r -> r.startsWith("407 ")).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "test-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) return;
            String[] requestLine = head.get(0).split(" ");
            String method = requestLine[0];
            String target = requestLine[1];
            String authorization = header(head, "proxy-authorization");
            if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
                requests.add("407 " + method + " " + target);
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            requests.add(method + " " + target);
            if (method.equals("CONNECT")) {
                String[] hostPort = target.split(":");
                try (Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    open.add(upstream);
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    relay(client, upstream, in, null, out);
                }
                return;
            }
            URI uri = URI.create(target);
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            try (Socket upstream = new Socket(uri.getHost(), port)) {
                open.add(upstream);
                StringBuilder forwarded = new StringBuilder(method).append(' ').append(uri.getRawPath())
                        .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
                for (String line : head.subList(1, head.size())) {
                    String name = line.substring(0, Math.max(0, line.indexOf(':'))).toLowerCase(Locale.ROOT);
                    if (!name.equals("proxy-authorization") && !name.equals("proxy-connection")
                            && !name.equals("connection")) {
                        forwarded.append(line).append("\r\n");
                    }
                }
                forwarded.append("Connection: close\r\n\r\n");
                upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().flush();
                Fault breaking = fault;
                relay(client, upstream, in, breaking != null && target.contains(breaking.match()) ? breaking : null, out);
            }
        } catch (IOException e) {
            // the client or the server went away; the test sees that from its side
        }
    }

    /**
     * Copies both ways until the server side ends; then the client's connection is closed. With a fault, the answer
     * stops after its bytes: cut (both connections closed) or stalled (held open, silent, until the proxy closes).
     */
    private void relay(Socket client, Socket upstream, InputStream clientIn, Fault fault, OutputStream clientOut)
            throws IOException {
        Fault uploadFault = fault != null && fault.upload() ? fault : null;
        Thread up = new Thread(() -> {
            try {
                if (uploadFault == null) {
                    clientIn.transferTo(upstream.getOutputStream());
                    return;
                }
                copy(clientIn, upstream.getOutputStream(), uploadFault.bytes());
                if (uploadFault.stall()) {
                    closing.await();
                } else {
                    client.close();
                    upstream.close();
                }
            } catch (IOException ignored) {
                // the tunnel was closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-proxy-upstream");
        up.setDaemon(true);
        up.start();
        try {
            if (fault == null || fault.upload()) {
                upstream.getInputStream().transferTo(clientOut);
                if (uploadFault != null && uploadFault.stall()) closing.await();
                return;
            }
            InputStream answer = upstream.getInputStream();
            copy(answer, clientOut, fault.bytes());
            if (fault.drip() != null) {
                byte[] one = new byte[1];
                while (answer.read(one) == 1 && !closing.await(fault.drip().toMillis(), TimeUnit.MILLISECONDS)) {
                    clientOut.write(one);
                    clientOut.flush();
                }
            } else if (fault.stall()) {
                closing.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
            upstream.close();
        }
    }

    private static void copy(InputStream in, OutputStream out, int bytes) throws IOException {
        byte[] buffer = new byte[1];
        for (int sent = 0; sent < bytes && in.read(buffer) == 1; sent++) {
            out.write(buffer);
            out.flush();
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                line.reset();
                if (text.isEmpty()) return lines;
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

}
