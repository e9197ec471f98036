package io.jenkins.plugins.gitops.core.change;

/** Sets an image override in a kustomization file, as {@code kustomize edit set image} does. */
public record KustomizeImage(String file, String name, String newName, String newTag, String digest) implements Change {
    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("kustomizeImage ").append(file).append(' ').append(name);
        if (newName != null) s.append(" newName=").append(newName);
        if (newTag != null) s.append(" newTag=").append(newTag);
        if (digest != null) s.append(" digest=").append(digest);
        return s.toString();
    }
}
