package io.jenkins.plugins.gitops.core.git;

import java.util.Objects;

/** A commit author or committer. */
public record Identity(String name, String email) {
    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }

    @Override
    public String toString() {
        return name + " <" + email + ">";
    }
}
