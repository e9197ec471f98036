package io.jenkins.plugins.gitops.core.edit;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The safety net behind every YAML edit: both versions are loaded into plain Java objects, and the new one must equal
 * the old one with only the intended change applied. A text edit that slipped (wrong span, broken quoting, a key at
 * the wrong indentation) is caught here instead of being committed.
 */
final class YamlModelCheck {
    private YamlModelCheck() {}

    static List<Object> loadAll(String file, String path, String text) {
        List<Object> documents = new ArrayList<>();
        try {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(new StringReader(text))) {
                documents.add(document);
            }
        } catch (YAMLException e) {
            throw new EditException(file, path, "invalid YAML: " + YamlStream.describe(e));
        }
        return documents;
    }

    /** The Java value a single scalar, as written in YAML, loads as. */
    static Object loadScalar(String written) {
        return new Yaml(new LoaderOptions()).load(written);
    }

    static void requireOnlyChange(String file, String path, List<Object> expected, String newText) {
        List<Object> actual;
        try {
            actual = loadAll(file, path, newText);
        } catch (EditException e) {
            throw new EditException(file, path, "the edit would make the file invalid (" + e.reason()
                    + "); nothing was written");
        }
        if (!Objects.equals(expected, actual)) {
            throw new EditException(file, path,
                    "the edit would change more than the target value; nothing was written");
        }
    }

    /** Sets {@code value} at {@code path} in a loaded document, creating missing mappings, and returns the document. */
    @SuppressWarnings("unchecked")
    static Object set(Object document, YamlPath path, Object value) {
        List<YamlPath.Segment> segments = path.segments();
        Object current = document;
        for (int i = 0; i < segments.size(); i++) {
            YamlPath.Segment segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof YamlPath.Key key && current instanceof Map<?, ?> map) {
                Map<Object, Object> m = (Map<Object, Object>) map;
                if (last) {
                    m.put(key.name(), value);
                    return document;
                }
                current = m.computeIfAbsent(key.name(), k -> new LinkedHashMap<>());
            } else if (current instanceof List<?> list) {
                int index = indexOf(list, segment);
                if (index < 0) {
                    return document;
                }
                if (last) {
                    ((List<Object>) list).set(index, value);
                    return document;
                }
                current = list.get(index);
            } else {
                return document;
            }
        }
        return document;
    }

    private static int indexOf(List<?> list, YamlPath.Segment segment) {
        if (segment instanceof YamlPath.Index index) {
            return index.position() < list.size() ? index.position() : -1;
        }
        if (segment instanceof YamlPath.Selector selector) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> item && item.containsKey(selector.key())
                        && selector.value().equals(String.valueOf(item.get(selector.key())))) {
                    return i;
                }
            }
        }
        return -1;
    }
}
