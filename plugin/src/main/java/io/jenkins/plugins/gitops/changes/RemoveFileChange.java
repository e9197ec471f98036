package io.jenkins.plugins.gitops.changes;

import hudson.Extension;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.RemoveFile;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code removeFile(file:)}: removes a file from the repository. */
public final class RemoveFileChange extends GitopsChange {
    private static final long serialVersionUID = 1L;

    private final String file;

    @DataBoundConstructor
    public RemoveFileChange(String file) {
        this.file = required(file, "removeFile", "file");
    }

    public String getFile() {
        return file;
    }

    @Override
    public Change toChange(Path workspace) {
        return new RemoveFile(file);
    }

    @Extension
    @Symbol("removeFile")
    public static final class DescriptorImpl extends GitopsChangeDescriptor {
        @Override
        public String getDisplayName() {
            return "Remove a file";
        }
    }
}
