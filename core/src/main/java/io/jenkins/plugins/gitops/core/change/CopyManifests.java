package io.jenkins.plugins.gitops.core.change;

import java.nio.file.Path;

/**
 * Makes the repository folder {@code to} mirror the local folder {@code from}: files are added or replaced, and files
 * under {@code to} that {@code from} lacks are removed.
 */
public record CopyManifests(Path from, String to) implements Change {
    @Override
    public String describe() {
        return "copyManifests " + from + " -> " + to;
    }
}
