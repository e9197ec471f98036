package io.jenkins.plugins.gitops.changes;

import hudson.Extension;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.Manifest;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code manifest(file:, text:)}: writes a whole file. */
public final class ManifestChange extends GitopsChange {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String text;

    @DataBoundConstructor
    public ManifestChange(String file, String text) {
        this.file = required(file, "manifest", "file");
        this.text = text == null ? "" : text;
    }

    public String getFile() {
        return file;
    }

    public String getText() {
        return text;
    }

    @Override
    public Change toChange(Path workspace) {
        return new Manifest(file, text);
    }

    @Extension
    @Symbol("manifest")
    public static final class DescriptorImpl extends GitopsChangeDescriptor {
        @Override
        public String getDisplayName() {
            return "Write a whole file";
        }
    }
}
