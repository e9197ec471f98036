package io.jenkins.plugins.gitops.changes;

import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.gitops.core.change.Change;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A change as a pipeline author writes it inside {@code gitopsCommit(changes: [...])}. It holds plain values only,
 * because it travels to the agent that does the git work, where it becomes the engine's {@link Change}.
 */
public abstract class GitopsChange implements Describable<GitopsChange>, Serializable {
    private static final long serialVersionUID = 1L;

    /** The engine's change; {@code workspace} resolves workspace-relative sources such as copyManifests' {@code from}. */
    public abstract Change toChange(Path workspace);

    /** Descriptor of every change type, so that the Snippet Generator can list them. */
    public abstract static class GitopsChangeDescriptor extends Descriptor<GitopsChange> {
    }

    static String required(String value, String symbol, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(symbol + ": '" + field + "' is required");
        }
        return value;
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
