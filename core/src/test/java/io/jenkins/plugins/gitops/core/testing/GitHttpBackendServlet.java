package io.jenkins.plugins.gitops.core.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves repositories with C git's {@code git http-backend}, run as a CGI program per request, so that tests and the
 * benchmark meet the git servers most config repositories live on (C git's upload-pack and receive-pack), while Jetty
 * in front still does the basic auth.
 */
public final class GitHttpBackendServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String root;

    public GitHttpBackendServlet(Path root) {
        this.root = root.toAbsolutePath().toString();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("git", "http-backend").redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_PROJECT_ROOT", root);
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", req.getMethod());
        env.put("PATH_INFO", req.getPathInfo() == null ? "/" : req.getPathInfo());
        env.put("QUERY_STRING", req.getQueryString() == null ? "" : req.getQueryString());
        env.put("REMOTE_USER", String.valueOf(req.getRemoteUser()));
        env.put("REMOTE_ADDR", req.getRemoteAddr());
        if (req.getContentType() != null) env.put("CONTENT_TYPE", req.getContentType());
        if (req.getContentLengthLong() >= 0) env.put("CONTENT_LENGTH", String.valueOf(req.getContentLengthLong()));
        if (req.getHeader("Content-Encoding") != null) env.put("HTTP_CONTENT_ENCODING", req.getHeader("Content-Encoding"));
        if (req.getHeader("Git-Protocol") != null) env.put("GIT_PROTOCOL", req.getHeader("Git-Protocol"));
        Process p = pb.start();
        Thread feeder = new Thread(() -> {
            try (InputStream body = req.getInputStream(); OutputStream stdin = p.getOutputStream()) {
                body.transferTo(stdin);
            } catch (IOException e) {
                // the backend stopped reading: its answer says why
            }
        }, "http-backend-stdin");
        feeder.start();
        try (InputStream out = p.getInputStream()) {
            copyHeaders(out, resp);
            out.transferTo(resp.getOutputStream());
        } finally {
            try {
                feeder.join();
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads the CGI header lines up to the blank line and sets them on the response. */
    private static void copyHeaders(InputStream out, HttpServletResponse resp) throws IOException {
        while (true) {
            String line = readLine(out);
            if (line.isEmpty()) return;
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                resp.setStatus(Integer.parseInt(value.split(" ")[0]));
            } else {
                resp.addHeader(name, value);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
