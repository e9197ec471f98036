package io.jenkins.plugins.gitops.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A local port that nothing listens on, for tests of a server that is down: connecting to it is refused. */
public final class ClosedPort {
    private ClosedPort() {
    }

    public static int get() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
