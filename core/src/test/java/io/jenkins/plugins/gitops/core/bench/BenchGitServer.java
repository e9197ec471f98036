package io.jenkins.plugins.gitops.core.bench;

import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import java.nio.file.Path;

/**
 * The benchmark's git host, in a process of its own so that its heap and threads are not counted as the engine's:
 * Jetty with basic auth in front of C git's {@code git http-backend} (argument {@code git}, what most hosts run), or of
 * JGit's GitServlet as in the tests (argument {@code jgit}). Arguments: the kind and the folder of bare repositories;
 * credentials from {@link Bench#USER_ENV} and {@link Bench#PASSWORD_ENV}. Prints {@code PORT n}, then serves until its
 * standard input closes.
 */
public final class BenchGitServer {
    private BenchGitServer() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]).toAbsolutePath();
        String user = Bench.env(Bench.USER_ENV);
        String password = Bench.env(Bench.PASSWORD_ENV);
        try (HttpGitServer server = switch (args[0]) {
            case "git" -> HttpGitServer.serve(new GitHttpBackendServlet(root), user, password);
            case "jgit" -> HttpGitServer.start(root, user, password);
            default -> throw new IllegalArgumentException("server kind must be git or jgit: " + args[0]);
        }) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent goes away
            }
        }
    }
}
