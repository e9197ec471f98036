package io.jenkins.plugins.gitops.core.edit;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Follows a {@link YamlPath} through one document's nodes. It never passes through an alias, because the bytes found
 * there belong to an anchor that other places share. A key that a mapping only has through a merge key ({@code <<})
 * is missing from that mapping: setting it adds an explicit key there, which wins over the merged one, as YAML's merge
 * says. Deeper paths through a merged value are refused, since an explicit key would replace all of that value.
 */
final class YamlPathResolver {

    /** Where a path leads in one document. */
    sealed interface Resolution permits Found, Missing, Unreachable {}

    /** The path exists; {@code trail} holds every node from the document root to {@code node}. */
    record Found(Node node, List<Node> trail, boolean inFlow) implements Resolution {}

    /** The path ends in mapping keys that do not exist yet under {@code parent}. */
    record Missing(MappingNode parent, List<String> keys, List<Node> trail, boolean inFlow) implements Resolution {}

    /** The path cannot be followed or created, for {@code reason}. */
    record Unreachable(String reason) implements Resolution {}

    private final YamlStream stream;

    YamlPathResolver(YamlStream stream) {
        this.stream = stream;
    }

    Resolution resolve(Node root, YamlPath path) {
        Node current = root;
        List<Node> trail = new ArrayList<>(List.of(root));
        boolean inFlow = YamlStream.isFlow(root);
        List<YamlPath.Segment> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            YamlPath.Segment segment = segments.get(i);
            String at = i == 0 ? "the document" : describe(segments.subList(0, i));
            String here = describe(segments.subList(0, i + 1));
            if (segment instanceof YamlPath.Key key) {
                if (!(current instanceof MappingNode mapping)) {
                    return new Unreachable(at + " is " + YamlStream.kindOf(current) + ", not a mapping");
                }
                List<NodeTuple> matches = mapping.getValue().stream()
                        .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key.name())
                                && !Tag.MERGE.equals(k.getTag()))
                        .toList();
                if (matches.size() > 1) {
                    return new Unreachable("key " + key.name() + " appears " + matches.size() + " times in " + at);
                }
                if (matches.isEmpty()) {
                    String merged = mergedFrom(mapping, key.name());
                    if (merged != null && i < segments.size() - 1) {
                        return new Unreachable(here + " comes from a merge key (<<: " + merged + "); an explicit "
                                + key.name() + " here would replace all of it, not only "
                                + describe(segments.subList(i + 1, segments.size())) + ": set the value in the anchor"
                                + " to change every mapping that merges it, or write " + key.name() + " out here in full");
                    }
                    List<String> keys = new ArrayList<>();
                    for (int j = i; j < segments.size(); j++) {
                        if (!(segments.get(j) instanceof YamlPath.Key missing)) {
                            return new Unreachable(describe(segments.subList(0, j))
                                    + " does not exist, and list entries are not created");
                        }
                        keys.add(missing.name());
                    }
                    return new Missing(mapping, keys, trail, inFlow);
                }
                NodeTuple tuple = matches.get(0);
                if (stream.isAlias(tuple)) {
                    return new Unreachable(aliasRefusal(here, tuple.getValueNode(), key.name()));
                }
                current = tuple.getValueNode();
            } else if (segment instanceof YamlPath.Index index) {
                if (!(current instanceof SequenceNode sequence)) {
                    return new Unreachable(at + " is " + YamlStream.kindOf(current) + ", not a list");
                }
                if (index.position() >= sequence.getValue().size()) {
                    return new Unreachable("the list " + at + " has " + entries(sequence.getValue().size())
                            + ", so there is no " + index + "; list entries are not created");
                }
                if (stream.isAliasItem(sequence, index.position())) {
                    return new Unreachable(aliasRefusal(here, sequence.getValue().get(index.position()), null));
                }
                current = sequence.getValue().get(index.position());
            } else if (segment instanceof YamlPath.Selector selector) {
                if (!(current instanceof SequenceNode sequence)) {
                    return new Unreachable(at + " is " + YamlStream.kindOf(current) + ", not a list");
                }
                List<Integer> matches = new ArrayList<>();
                for (int n = 0; n < sequence.getValue().size(); n++) {
                    if (fieldEquals(sequence.getValue().get(n), selector.key(), selector.value())) {
                        matches.add(n);
                    }
                }
                if (matches.isEmpty()) {
                    return new Unreachable("no entry of the list " + at + " has " + selector.key() + "="
                            + selector.value() + "; list entries are not created");
                }
                if (matches.size() > 1) {
                    return new Unreachable(matches.size() + " entries of the list " + at + " have "
                            + selector.key() + "=" + selector.value());
                }
                if (stream.isAliasItem(sequence, matches.get(0))) {
                    return new Unreachable(aliasRefusal(here, sequence.getValue().get(matches.get(0)), null));
                }
                current = sequence.getValue().get(matches.get(0));
            }
            trail.add(current);
            inFlow |= YamlStream.isFlow(current);
        }
        return new Found(current, trail, inFlow);
    }

    /** The scalar value at {@code path}, or null when there is none. */
    String scalarAt(Node root, YamlPath path) {
        return resolve(root, path) instanceof Found found && found.node() instanceof ScalarNode scalar
                ? scalar.getValue()
                : null;
    }

    private static boolean fieldEquals(Node item, String key, String value) {
        if (!(item instanceof MappingNode mapping)) {
            return false;
        }
        return mapping.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k
                && k.getValue().equals(key) && t.getValueNode() instanceof ScalarNode v && v.getValue().equals(value));
    }

    /**
     * Why a path cannot go into an alias: its bytes are the anchor's. {@code key}, when the alias is a mapping's value,
     * is the key it is written under.
     */
    private static String aliasRefusal(String here, Node target, String key) {
        String anchor = target.getAnchor();
        String of = target instanceof MappingNode ? "a mapping" : target instanceof SequenceNode ? "a list" : "a value";
        String alternative = target instanceof MappingNode && key != null
                ? ", or merge it instead (" + key + ": {<<: *" + anchor + "}) to set keys of this place's own"
                : ", or write the value here instead of the alias";
        return here + " is an alias (*" + anchor + ") of " + of + ", whose text is the anchor's: set the value at the"
                + " anchor &" + anchor + " to change every place that uses it" + alternative;
    }

    /** How the merge key that gives {@code mapping} its {@code key} is written ({@code *anchor}), or null. */
    static String mergedFrom(MappingNode mapping, String key) {
        Node source = mergeSource(mapping, key);
        return source == null ? null : source.getAnchor() == null ? "a mapping" : "*" + source.getAnchor();
    }

    /** The value that a merge key gives {@code mapping} for {@code key} (the first source that has it wins), or null. */
    static Node mergedValue(MappingNode mapping, String key) {
        Node source = mergeSource(mapping, key);
        if (!(source instanceof MappingNode m)) return null;
        for (NodeTuple e : m.getValue()) {
            if (e.getKeyNode() instanceof ScalarNode k && !Tag.MERGE.equals(k.getTag()) && k.getValue().equals(key)) {
                return e.getValueNode();
            }
        }
        return mergedValue(m, key);
    }

    private static Node mergeSource(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && Tag.MERGE.equals(k.getTag())) {
                List<Node> sources = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                for (Node source : sources) {
                    if (source instanceof MappingNode m && (m.getValue().stream().anyMatch(
                            e -> e.getKeyNode() instanceof ScalarNode k2 && k2.getValue().equals(key))
                            || mergeSource(m, key) != null)) {
                        return source;
                    }
                }
            }
        }
        return null;
    }

    static String entries(int count) {
        return count == 1 ? "1 entry" : count + " entries";
    }

    static String describe(List<YamlPath.Segment> segments) {
        StringBuilder out = new StringBuilder();
        for (YamlPath.Segment s : segments) {
            if (s instanceof YamlPath.Key key) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(key.name().contains(".") || key.name().contains("[") ? "[\"" + key.name() + "\"]" : key.name());
            } else {
                out.append(s);
            }
        }
        return out.toString();
    }
}
