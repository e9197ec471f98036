package io.jenkins.plugins.gitops.core.change;

import java.util.Map;

/** Sets one scalar in a YAML or JSON file, changing only that value's bytes. */
public record YamlValue(String file, String path, String value, Map<String, String> document) implements Change {
    public YamlValue {
        document = document == null ? Map.of() : Map.copyOf(document);
    }

    @Override
    public String describe() {
        return "yamlValue " + file + " " + path + "=" + value;
    }
}
