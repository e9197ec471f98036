package io.jenkins.plugins.gitops.core.change;

import java.util.Arrays;
import java.util.Optional;

/**
 * A file as a tool left it in a checkout ({@code withGitopsRepo}), as a declarative change: written (or removed when
 * {@code after} is null) only where the branch still has what was checked out ({@code before}, null when the file
 * did not exist). Applied again on a newer tip, it never overwrites what someone else changed in that file since: that
 * is refused, naming the file.
 */
public record CheckedOutFile(String file, byte[] before, byte[] after) implements Change {
    @Override
    public String describe() {
        return (after == null ? "remove " : "write ") + file + " (from the checkout)";
    }

    /** Whether the file as the branch has it now ({@code current}) still allows this change. */
    boolean appliesTo(Optional<byte[]> current) {
        return current.map(bytes -> Arrays.equals(bytes, before) || Arrays.equals(bytes, after))
                .orElse(before == null || after == null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CheckedOutFile o && file.equals(o.file) && Arrays.equals(before, o.before)
                && Arrays.equals(after, o.after);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Arrays.hashCode(after);
    }

    @Override
    public String toString() {
        return "CheckedOutFile[" + describe() + "]";
    }
}
