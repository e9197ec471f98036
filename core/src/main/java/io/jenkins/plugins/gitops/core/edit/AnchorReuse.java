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
 * Where an edit inside an anchored node shows besides its own place: the aliases of the anchor, and the mappings that
 * merge it ({@code <<}) without a key of their own that wins over the changed one. A Helm values file's shared
 * defaults are meant to change everywhere; the user is told where.
 */
final class AnchorReuse {
    private final YamlStream stream;

    AnchorReuse(YamlStream stream) {
        this.stream = stream;
    }

    /**
     * @param trail    the nodes from the document root to the edited value, as the resolver found them
     * @param segments the path, one segment per node of the trail after the root
     * @return one line per place that sees the change, such as {@code web (<<: *defaults)}
     */
    List<String> placesSeeing(List<Node> trail, List<YamlPath.Segment> segments) {
        List<String> places = new ArrayList<>();
        for (int j = 1; j < trail.size(); j++) {
            Node anchored = trail.get(j);
            if (stream.isShared(anchored)) {
                collect(trail.get(0), "", anchored, segments.subList(j, segments.size()), places);
            }
        }
        return places;
    }

    private void collect(Node node, String at, Node anchored, List<YamlPath.Segment> rest, List<String> out) {
        String anchor = anchored.getAnchor();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && Tag.MERGE.equals(k.getTag())) {
                    List<Node> sources = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                    if (sources.stream().anyMatch(n -> n == anchored) && !overrides(mapping, rest)) {
                        out.add((at.isEmpty() ? "the document" : at) + " (<<: *" + anchor + ")");
                    }
                    continue;
                }
                String here = join(at, t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?");
                if (stream.isAlias(t)) {
                    if (t.getValueNode() == anchored) out.add(here + " (*" + anchor + ")");
                    continue;
                }
                collect(t.getValueNode(), here, anchored, rest, out);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                String here = at + "[" + i + "]";
                if (stream.isAliasItem(sequence, i)) {
                    if (sequence.getValue().get(i) == anchored) out.add(here + " (*" + anchor + ")");
                    continue;
                }
                collect(sequence.getValue().get(i), here, anchored, rest, out);
            }
        }
    }

    /** Whether a merging mapping has its own key for the changed value, which wins over the merged one. */
    private static boolean overrides(MappingNode mapping, List<YamlPath.Segment> rest) {
        return !rest.isEmpty() && rest.get(0) instanceof YamlPath.Key key && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && !Tag.MERGE.equals(k.getTag())
                        && k.getValue().equals(key.name()));
    }

    private static String join(String at, String key) {
        String shown = key.contains(".") || key.contains("[") ? "[\"" + key + "\"]" : key;
        return at.isEmpty() ? shown : at + "." + shown;
    }
}
