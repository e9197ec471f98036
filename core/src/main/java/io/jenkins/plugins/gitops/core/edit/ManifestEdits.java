package io.jenkins.plugins.gitops.core.edit;

import java.util.Map;

/**
 * The byte-exact edits that declarative changes are made of. Each takes a file's bytes and returns the new bytes, in
 * which only the target value differs; anything it cannot do exactly fails with an {@link EditException} and nothing
 * is written.
 */
public final class ManifestEdits {
    /** Larger files are refused rather than parsed twice in memory: config repositories hold manifests, not data. */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    private ManifestEdits() {}

    /**
     * Sets the scalar at {@code path} in a YAML or JSON file (JSON when the name ends in {@code .json}).
     *
     * @param file     repository-relative file name, for messages and to choose YAML or JSON
     * @param content  the file's bytes
     * @param path     dotted path with {@code [n]}, {@code [key=value]} and {@code ["a.b/c"]} segments
     * @param value    the new value, as a string
     * @param document selects one document of a multi-document file by top-level fields, for example
     *                 {@code kind=Deployment, name=web} ({@code name} and {@code namespace} mean metadata's);
     *                 empty to pick the one document that has the path; ignored for JSON, which has one
     * @throws EditException when the path is malformed, missing in a way that cannot be created (list entries),
     *                       ambiguous across documents, goes through an alias or below a merged value, points at a mapping or
     *                       list, the file does not parse, or the result would differ anywhere but at the path
     */
    public static byte[] setValue(String file, byte[] content, String path, String value, Map<String, String> document) {
        return setValue(file, content, path, value, document, ValueType.AUTO);
    }

    /** As {@link #setValue(String, byte[], String, String, Map)}, written as {@code type}. */
    public static byte[] setValue(String file, byte[] content, String path, String value, Map<String, String> document,
            ValueType type) {
        return setValue(file, content, path, value, document, type, warning -> { });
    }

    /**
     * As above; {@code warnings} hears what the caller should know although the edit is made: a value inside a YAML
     * anchor shows, changed, wherever the anchor is used (its aliases and the mappings that merge it).
     */
    public static byte[] setValue(String file, byte[] content, String path, String value, Map<String, String> document,
            ValueType type, java.util.function.Consumer<String> warnings) {
        if (content != null && content.length > MAX_FILE_BYTES) {
            throw new EditException(file, path, "the file is " + content.length / (1024 * 1024) + " MiB; files over "
                    + MAX_FILE_BYTES / (1024 * 1024) + " MiB are not edited");
        }
        if (file != null && file.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return JsonValueEditor.setValue(file, content, path, value, type);
        }
        return YamlValueEditor.setValue(file, content, path, value, document, type, warnings);
    }

    /**
     * The value at {@code path} (found as {@link #setValue} finds it), as a string; empty when the path's last keys
     * are missing. JSON is read as the YAML it also is.
     *
     * @throws EditException when the path cannot be followed, is ambiguous, or points at a mapping or a list
     */
    public static java.util.Optional<String> valueAt(String file, byte[] content, String path,
            Map<String, String> document) {
        if (content != null && content.length > MAX_FILE_BYTES) {
            throw new EditException(file, path, "the file is over " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
        }
        return YamlValueEditor.valueAt(file, content, path, document);
    }

    /**
     * Follows {@code kustomize edit set image}: updates or adds the {@code images:} entry named {@code name} in a
     * kustomization file. Null arguments leave that field as it is. As with {@code name=newName:tag}, setting
     * {@code newTag} alone removes a {@code digest}; as with {@code name@digest}, setting {@code digest} alone removes
     * {@code newTag}; giving both keeps both. A missing entry is appended to {@code images:} in the list's style, and a
     * missing {@code images:} is added at the end of the file.
     */
    public static byte[] setKustomizeImage(String file, byte[] content, String name, String newName, String newTag,
            String digest) {
        return KustomizeImageEditor.setImage(file, content, name, newName, newTag, digest);
    }
}
