package io.jenkins.plugins.gitops.changes;

import hudson.Extension;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.CopyManifests;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code copyManifests(from:, to:)}: makes a repository folder mirror a workspace folder (rendered manifests). */
public final class CopyManifestsChange extends GitopsChange {
    private static final long serialVersionUID = 1L;

    private final String from;
    private final String to;

    @DataBoundConstructor
    public CopyManifestsChange(String from, String to) {
        this.from = required(from, "copyManifests", "from");
        this.to = required(to, "copyManifests", "to");
    }

    public String getFrom() {
        return from;
    }

    public String getTo() {
        return to;
    }

    @Override
    public Change toChange(Path workspace) {
        Path source = workspace.resolve(from).normalize();
        if (!source.startsWith(workspace.normalize())) {
            throw new IllegalArgumentException("copyManifests: 'from' must stay inside the workspace: " + from);
        }
        return new CopyManifests(source, to);
    }

    @Extension
    @Symbol("copyManifests")
    public static final class DescriptorImpl extends GitopsChangeDescriptor {
        @Override
        public String getDisplayName() {
            return "Mirror a workspace folder into the repository";
        }
    }
}
