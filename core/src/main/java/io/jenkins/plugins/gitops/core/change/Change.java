package io.jenkins.plugins.gitops.core.change;

/**
 * One declarative change to a config repository. Changes say what the result must be, not how to get there, so that
 * they can be applied again on a newer tip of the branch when a push is rejected.
 */
public sealed interface Change permits YamlValue, KustomizeImage, Manifest, CopyManifests, RemoveFile,
        CheckedOutFile, Undo {
    /** A one-line description for logs, such as {@code yamlValue apps/shop/values.yaml web.image.tag=1.2.3}. */
    String describe();
}
