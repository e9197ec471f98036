package io.jenkins.plugins.gitops.testing;

import hudson.model.TaskListener;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build log in a file. Like Jenkins' remote listener it survives serialization (to an agent and back), because it
 * reopens the file for appending wherever it is deserialized.
 */
public final class FileTaskListener implements TaskListener {
    private static final long serialVersionUID = 1L;

    private final String file;
    private transient PrintStream out;

    public FileTaskListener(Path file) {
        this.file = file.toString();
    }

    @Override
    public synchronized PrintStream getLogger() {
        if (out == null) {
            try {
                out = new PrintStream(new FileOutputStream(file, true), true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    public String text() {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
