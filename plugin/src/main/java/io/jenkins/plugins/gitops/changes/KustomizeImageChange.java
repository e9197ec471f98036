package io.jenkins.plugins.gitops.changes;

import hudson.Extension;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.KustomizeImage;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code kustomizeImage(file:, name:, newTag:)}: what {@code kustomize edit set image} does, byte-exact. */
public final class KustomizeImageChange extends GitopsChange {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String name;
    private String newName;
    private String newTag;
    private String digest;

    @DataBoundConstructor
    public KustomizeImageChange(String file, String name) {
        this.file = required(file, "kustomizeImage", "file");
        this.name = required(name, "kustomizeImage", "name");
    }

    @DataBoundSetter
    public void setNewName(String newName) {
        this.newName = emptyToNull(newName);
    }

    @DataBoundSetter
    public void setNewTag(String newTag) {
        this.newTag = emptyToNull(newTag);
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = emptyToNull(digest);
    }

    public String getFile() {
        return file;
    }

    public String getName() {
        return name;
    }

    public String getNewName() {
        return newName;
    }

    public String getNewTag() {
        return newTag;
    }

    public String getDigest() {
        return digest;
    }

    @Override
    public Change toChange(Path workspace) {
        if (newName == null && newTag == null && digest == null) {
            throw new IllegalArgumentException("kustomizeImage " + file + ": give newName, newTag or digest for " + name);
        }
        return new KustomizeImage(file, name, newName, newTag, digest);
    }

    @Extension
    @Symbol("kustomizeImage")
    public static final class DescriptorImpl extends GitopsChangeDescriptor {
        @Override
        public String getDisplayName() {
            return "Set an image in a kustomization";
        }
    }
}
