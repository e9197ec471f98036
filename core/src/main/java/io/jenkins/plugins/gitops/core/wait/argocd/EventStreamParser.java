package io.jenkins.plugins.gitops.core.wait.argocd;

import java.util.function.Consumer;

/**
 * Splits a streamed response into JSON messages. Accepts server-sent events ({@code data:} lines, blank line ends a
 * message) as well as newline-delimited JSON, the two framings Argo CD's gateway has used.
 */
final class EventStreamParser {

    private final Consumer<String> messages;
    private final StringBuilder data = new StringBuilder();

    EventStreamParser(Consumer<String> messages) {
        this.messages = messages;
    }

    void line(String line) {
        if (line.startsWith("data:")) {
            data.append(line.substring(5).strip()).append('\n');
        } else if (line.isBlank()) {
            flush();
        } else if (line.startsWith("{")) {
            flush();
            messages.accept(line);
        }
    }

    private void flush() {
        if (data.length() > 0) {
            String message = data.toString();
            data.setLength(0);
            messages.accept(message);
        }
    }
}
