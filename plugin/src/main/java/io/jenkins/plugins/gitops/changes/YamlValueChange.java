package io.jenkins.plugins.gitops.changes;

import hudson.Extension;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.edit.ValueType;
import java.nio.file.Path;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code yamlValue(file:, path:, value:)}: sets one scalar in a YAML or JSON file, byte-exact, as {@code type:}. */
public final class YamlValueChange extends GitopsChange {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String path;
    private final String value;
    private DocumentSelector document;
    private String type = "";

    @DataBoundConstructor
    public YamlValueChange(String file, String path, String value) {
        this.file = required(file, "yamlValue", "file");
        this.path = required(path, "yamlValue", "path");
        this.value = value == null ? "" : value;
    }

    /** Selects one document of a multi-document file, for example {@code [kind: 'Deployment', name: 'web']}. */
    @DataBoundSetter
    public void setDocument(DocumentSelector document) {
        this.document = document;
    }

    /** {@code number}, {@code boolean} or {@code string} when it matters (Kubernetes refuses {@code replicas: "3"}). */
    @DataBoundSetter
    public void setType(String type) {
        String given = type == null ? "" : type.trim();
        try {
            ValueType.parse(given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("yamlValue: type " + e.getMessage(), e);
        }
        this.type = given;
    }

    public String getType() {
        return type;
    }

    public String getFile() {
        return file;
    }

    public String getPath() {
        return path;
    }

    public String getValue() {
        return value;
    }

    public DocumentSelector getDocument() {
        return document;
    }

    @Override
    public Change toChange(Path workspace) {
        return new YamlValue(file, path, value, document == null ? Map.of() : document.toMap(), ValueType.parse(type));
    }

    @Extension
    @Symbol("yamlValue")
    public static final class DescriptorImpl extends GitopsChangeDescriptor {
        @Override
        public String getDisplayName() {
            return "Set a value in a YAML or JSON file";
        }
    }
}
