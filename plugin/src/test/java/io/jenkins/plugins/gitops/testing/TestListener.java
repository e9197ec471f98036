package io.jenkins.plugins.gitops.testing;

import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build log in memory. Serialized (as a callable carries it to an agent), it comes back as the same log, as
 * remoting's listener writes back to the build log.
 */
public final class TestListener implements TaskListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, TestListener> LIVE = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final transient ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final transient PrintStream logger = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public TestListener() {
        LIVE.put(id, this);
    }

    private Object readResolve() {
        return LIVE.get(id);
    }

    @Override
    public PrintStream getLogger() {
        return logger;
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
