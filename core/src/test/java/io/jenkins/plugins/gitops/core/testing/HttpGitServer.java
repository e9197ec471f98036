package io.jenkins.plugins.gitops.core.testing;

import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A smart-HTTP git server (JGit's GitServlet on Jetty 12) on 127.0.0.1 with basic auth, serving the bare repositories
 * under a folder as {@code http://127.0.0.1:PORT/git/NAME}.
 */
public final class HttpGitServer implements AutoCloseable {
    private final Server server;
    private final int port;
    private final AtomicInteger requests;
    private final AtomicInteger challenges;

    private HttpGitServer(Server server, int port, AtomicInteger requests, AtomicInteger challenges) {
        this.server = server;
        this.port = port;
        this.requests = requests;
        this.challenges = challenges;
    }

    public static HttpGitServer start(Path root, String user, String password) throws Exception {
        GitServlet git = new GitServlet();
        git.setRepositoryResolver((request, name) -> {
            Path dir = root.resolve(name).normalize();
            if (!dir.startsWith(root) || !Files.isDirectory(dir)) throw new RepositoryNotFoundException(name);
            try {
                return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            } catch (java.io.IOException e) {
                throw new RepositoryNotFoundException(name, e);
            }
        });
        return serve(git, user, password);
    }

    /**
     * Serves another git servlet under {@code /git/*} with the same basic auth, such as a bridge to
     * {@code git http-backend}.
     */
    public static HttpGitServer serve(Servlet git, String user, String password) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(git), "/git/*");

        UserStore users = new UserStore();
        users.addUser(user, Credential.getCredential(password), new String[] {"git"});
        HashLoginService login = new HashLoginService("git");
        login.setUserStore(users);
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setAuthenticator(new BasicAuthenticator());
        security.setLoginService(login);
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec("/*");
        mapping.setConstraint(Constraint.from("git"));
        security.addConstraintMapping(mapping);
        context.setSecurityHandler(security);

        server.setHandler(context);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger challenges = new AtomicInteger();
        server.setRequestLog((request, response) -> {
            requests.incrementAndGet();
            if (response.getStatus() == 401) challenges.incrementAndGet();
        });
        server.start();
        return new HttpGitServer(server, ((ServerConnector) server.getConnectors()[0]).getLocalPort(), requests,
                challenges);
    }

    /** The URL of the repository {@code name} (a folder under the root), without credentials. */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/git/" + name;
    }

    /** HTTP requests answered so far. */
    public int requests() {
        return requests.get();
    }

    /** Requests answered with a 401 challenge for credentials so far. */
    public int challenges() {
        return challenges.get();
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
