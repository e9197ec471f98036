package io.jenkins.plugins.gitops.core.edit;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

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

    /**
     * What the file must load as after replacing the value at {@code path} of document {@code index}: the old text's
     * nodes, constructed with that one node standing for {@code value}. Every alias of it and every mapping that
     * merges it sees the new value, as YAML says they do, and no other place.
     */
    static List<Object> loadAllReplacing(String file, String path, SourceText old, int index, YamlPath yamlPath,
            Object value) {
        YamlStream fresh = YamlStream.parse(file, old);
        Node target = new YamlPathResolver(fresh).resolve(fresh.documents.get(index), yamlPath)
                instanceof YamlPathResolver.Found found ? found.node() : null;
        if (target == null) {
            throw new EditException(file, path, "the path does not lead to the same value twice; nothing was written");
        }
        Replacing constructor = new Replacing(target, value);
        List<Object> documents = new ArrayList<>();
        for (Node document : fresh.documents) documents.add(constructor.build(document));
        return documents;
    }

    /** Constructs documents as loading does, with one node's value replaced. */
    private static final class Replacing extends Constructor {
        private final Node target;
        private final Object value;

        Replacing(Node target, Object value) {
            super(new LoaderOptions());
            this.target = target;
            this.value = value;
        }

        @Override
        protected Object constructObject(Node node) {
            return node == target ? value : super.constructObject(node);
        }

        Object build(Node document) {
            return constructDocument(document);
        }
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
