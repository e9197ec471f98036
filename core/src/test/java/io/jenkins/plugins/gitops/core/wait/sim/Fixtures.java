package io.jenkins.plugins.gitops.core.wait.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The shared reconciler fixtures (copied under {@code src/test/resources/fixtures}). */
public final class Fixtures {

    public static final String EXPECTED = "fa7698a487b569a305c5364589b53ac98d6626e9";
    public static final String PREVIOUS = "ee096db639af1d7adc5bdf6b8ec044c2058a9417";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static ObjectNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
