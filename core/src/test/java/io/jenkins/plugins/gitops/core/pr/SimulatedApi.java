package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A host simulator's HTTP side: Jetty on 127.0.0.1 handing every request to one handler, and JSON answers. */
final class SimulatedApi {
    static final ObjectMapper JSON = new ObjectMapper();

    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private SimulatedApi() {}

    static Server start(Handler handler) throws Exception {
        Server server = new Server();
        // GitLab names projects by their URL-encoded path (acme%2Fcfg), which Jetty refuses unless told otherwise
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.LEGACY);
        ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                handler.handle(request, response);
            }
        }), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    static String url(Server server) {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** A copy without the simulator's own bookkeeping, the fields whose names start with {@code _}. */
    static com.fasterxml.jackson.databind.node.ObjectNode visible(com.fasterxml.jackson.databind.node.ObjectNode node) {
        com.fasterxml.jackson.databind.node.ObjectNode shown = node.deepCopy();
        java.util.List<String> own = new java.util.ArrayList<>();
        shown.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("_")) own.add(name);
        });
        shown.remove(own);
        return shown;
    }

    /** Now as the hosts write times: ISO-8601 in UTC, to the second. */
    static String now() {
        return java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** A 200 with an {@code ETag} of its body, or a bodiless 304 when the client already holds that body. */
    static int sendTagged(HttpServletRequest request, HttpServletResponse response, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        String etag;
        try {
            etag = "W/\"" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        response.setHeader("ETag", etag);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(304);
            return 304;
        }
        response.setStatus(200);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(bytes);
        return 200;
    }

    static void send(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
