package io.jenkins.plugins.gitops.core.change;

import io.jenkins.plugins.gitops.core.edit.ValueType;
import java.util.Locale;
import java.util.Map;

/** Sets one scalar in a YAML or JSON file, changing only that value's bytes, as the type asked for. */
public record YamlValue(String file, String path, String value, Map<String, String> document, ValueType type)
        implements Change {
    public YamlValue {
        document = document == null ? Map.of() : Map.copyOf(document);
        type = type == null ? ValueType.AUTO : type;
    }

    public YamlValue(String file, String path, String value, Map<String, String> document) {
        this(file, path, value, document, ValueType.AUTO);
    }

    @Override
    public String describe() {
        return "yamlValue " + file + " " + path + "=" + value
                + (type == ValueType.AUTO ? "" : " as " + type.name().toLowerCase(Locale.ROOT));
    }
}
