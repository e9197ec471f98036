package io.jenkins.plugins.gitops.core.change;

/** Removes a file; removing a file that is not there is not an error. */
public record RemoveFile(String file) implements Change {
    @Override
    public String describe() {
        return "removeFile " + file;
    }
}
