package io.jenkins.plugins.gitops.core.change;

/** Writes a whole file with the given text. */
public record Manifest(String file, String text) implements Change {
    @Override
    public String describe() {
        return "manifest " + file;
    }
}
