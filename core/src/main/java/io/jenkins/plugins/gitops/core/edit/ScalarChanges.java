package io.jenkins.plugins.gitops.core.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The values that differ between two versions of a YAML or JSON file whose structure is the same (the same
 * documents, keys in the same order, lists of the same length): what a tool that edits a checkout usually does to a
 * manifest. Each comes with the path and document selector {@link ManifestEdits#setValue} takes, so that a revert can
 * set it back alone. A file whose structure changed has none to offer.
 */
public final class ScalarChanges {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    /** One value that changed: at {@code path} of the document {@code document} selects. */
    public record Change(String path, Map<String, String> document, String was, String now) {}

    private ScalarChanges() {}

    /** The changed values, or empty when the two versions differ in more than values (or either does not parse). */
    public static Optional<List<Change>> between(String file, byte[] before, byte[] after) {
        try {
            List<Node> a = YamlStream.parse(file, SourceText.decode(file, before)).documents;
            List<Node> b = YamlStream.parse(file, SourceText.decode(file, after)).documents;
            if (a.size() != b.size()) return Optional.empty();
            List<Change> changes = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                List<String[]> found = new ArrayList<>();
                if (!compare(a.get(i), b.get(i), "", found)) return Optional.empty();
                if (found.isEmpty()) continue;
                Map<String, String> document = a.size() == 1 ? Map.of() : selector(a.get(i));
                if (document == null) return Optional.empty();
                for (String[] f : found) changes.add(new Change(f[0], document, f[1], f[2]));
            }
            return Optional.of(changes);
        } catch (EditException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean compare(Node a, Node b, String path, List<String[]> found) {
        if (a instanceof ScalarNode x && b instanceof ScalarNode y) {
            if (!x.getValue().equals(y.getValue())) {
                if (path.isEmpty()) return false;
                found.add(new String[] {path, x.getValue(), y.getValue()});
            }
            return true;
        }
        if (a instanceof MappingNode x && b instanceof MappingNode y) {
            List<NodeTuple> p = x.getValue();
            List<NodeTuple> q = y.getValue();
            if (p.size() != q.size()) return false;
            for (int i = 0; i < p.size(); i++) {
                if (!(p.get(i).getKeyNode() instanceof ScalarNode k) || !(q.get(i).getKeyNode() instanceof ScalarNode l)
                        || !k.getValue().equals(l.getValue())) {
                    return false;
                }
                String key = segment(k.getValue());
                if (key == null) return false;
                String next = path.isEmpty() || key.startsWith("[") ? path + key : path + "." + key;
                if (!compare(p.get(i).getValueNode(), q.get(i).getValueNode(), next, found)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof SequenceNode x && b instanceof SequenceNode y) {
            if (x.getValue().size() != y.getValue().size()) return false;
            for (int i = 0; i < x.getValue().size(); i++) {
                if (!compare(x.getValue().get(i), y.getValue().get(i), path + "[" + i + "]", found)) return false;
            }
            return true;
        }
        return false;
    }

    /** A key as a path segment: plain, or quoted; null when the path syntax cannot hold it. */
    private static String segment(String key) {
        if (PLAIN_KEY.matcher(key).matches()) return key;
        return key.contains("\"") || key.contains("\\") ? null : "[\"" + key + "\"]";
    }

    /** The document's kind and name, which tell it from the others of its file; null when it has not both. */
    private static Map<String, String> selector(Node document) {
        String kind = topScalar(document, "kind", null);
        String name = topScalar(document, "metadata", "name");
        if (kind == null || name == null) return null;
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("kind", kind);
        selector.put("name", name);
        String namespace = topScalar(document, "metadata", "namespace");
        if (namespace != null) selector.put("namespace", namespace);
        return selector;
    }

    private static String topScalar(Node document, String key, String under) {
        if (!(document instanceof MappingNode map)) return null;
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                if (under == null) return t.getValueNode() instanceof ScalarNode v ? v.getValue() : null;
                return topScalar(t.getValueNode(), under, null);
            }
        }
        return null;
    }
}
