package io.jenkins.plugins.gitops.changes;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Which document of a multi-document YAML file {@code yamlValue} edits. A data-bound class rather than a map, so that
 * structs can describe it (the Snippet Generator shows a form; values are coerced to text): Pipeline writes it as the
 * map it always took, {@code document: [kind: 'Deployment', name: 'web']}, and other paths go in {@code fields}.
 */
public final class DocumentSelector implements Describable<DocumentSelector>, Serializable {
    private static final long serialVersionUID = 1L;

    private String apiVersion = "";
    private String kind = "";
    private String name = "";
    private String namespace = "";
    private String fields = "";

    @DataBoundConstructor
    public DocumentSelector() {
    }

    public String getApiVersion() {
        return apiVersion;
    }

    @DataBoundSetter
    public void setApiVersion(String apiVersion) {
        this.apiVersion = trim(apiVersion);
    }

    public String getKind() {
        return kind;
    }

    @DataBoundSetter
    public void setKind(String kind) {
        this.kind = trim(kind);
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = trim(name);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = trim(namespace);
    }

    /** Other paths and values, {@code spec.replicas=3, metadata.labels.app=web}: entries separated by commas. */
    public String getFields() {
        return fields;
    }

    @DataBoundSetter
    public void setFields(String fields) {
        this.fields = trim(fields);
    }

    /** The engine's selector: path to the text its value must have. */
    Map<String, String> toMap() {
        Map<String, String> selector = new LinkedHashMap<>();
        putIfGiven(selector, "apiVersion", apiVersion);
        putIfGiven(selector, "kind", kind);
        putIfGiven(selector, "name", name);
        putIfGiven(selector, "namespace", namespace);
        for (String entry : fields.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("yamlValue: document fields entry '" + entry.trim()
                        + "' is not PATH=VALUE (entries are separated by commas)");
            }
            selector.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        return selector;
    }

    private static void putIfGiven(Map<String, String> selector, String key, String value) {
        if (!value.isEmpty()) {
            selector.put(key, value);
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    @Extension
    @Symbol("yamlDocument")
    public static final class DescriptorImpl extends Descriptor<DocumentSelector> {
        @Override
        public String getDisplayName() {
            return "YAML document";
        }
    }
}
