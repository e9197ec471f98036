package io.jenkins.plugins.gitops.core.edit;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The composed node trees of every document in a YAML file, with their positions as {@code String} indexes. Composing
 * (not loading) keeps each scalar's place in the source, which is what lets an edit touch only that scalar's bytes.
 */
final class YamlStream {
    final String file;
    final SourceText source;
    final List<Node> documents;
    private final Map<Node, Integer> references = new IdentityHashMap<>();

    private YamlStream(String file, SourceText source, List<Node> documents) {
        this.file = file;
        this.source = source;
        this.documents = documents;
        documents.forEach(this::countReferences);
    }

    static YamlStream parse(String file, SourceText source) {
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Yaml(new LoaderOptions()).composeAll(new StringReader(source.text()))) {
                documents.add(document);
            }
        } catch (YAMLException e) {
            throw new EditException(file, null, "invalid YAML: " + describe(e));
        }
        return new YamlStream(file, source, documents);
    }

    static String describe(YAMLException e) {
        if (e instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            if (marked.getContext() != null && marked.getProblem() != null) {
                problem = marked.getContext() + ", " + marked.getProblem();
            }
            if (mark != null) {
                return problem + " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            }
            return problem;
        }
        return e.getMessage();
    }

    int start(Node node) {
        return source.charIndex(node.getStartMark().getIndex());
    }

    int end(Node node) {
        return source.charIndex(node.getEndMark().getIndex());
    }

    String text(Node node) {
        return source.text().substring(start(node), end(node));
    }

    /** True when the value was written as an alias: the parser hands back the anchored node, which comes earlier. */
    boolean isAlias(NodeTuple tuple) {
        return tuple.getValueNode().getStartMark().getIndex() < tuple.getKeyNode().getEndMark().getIndex();
    }

    boolean isAliasItem(SequenceNode sequence, int index) {
        Node item = sequence.getValue().get(index);
        Mark bound = index == 0 ? sequence.getStartMark() : sequence.getValue().get(index - 1).getEndMark();
        return item.getStartMark().getIndex() < bound.getIndex();
    }

    /** True when the node is reached from more than one place: it carries an anchor that an alias or merge reuses. */
    boolean isShared(Node node) {
        return references.getOrDefault(node, 0) > 1;
    }

    static boolean isFlow(Node node) {
        return node instanceof CollectionNode<?> c && c.getFlowStyle() == FlowStyle.FLOW;
    }

    static boolean isBlockScalar(Node node) {
        return node instanceof ScalarNode s
                && (s.getScalarStyle() == ScalarStyle.LITERAL || s.getScalarStyle() == ScalarStyle.FOLDED);
    }

    static String kindOf(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a value";
    }

    /** The smallest indentation step between a key and its nested mapping's keys; 2 when the file has none. */
    int indentStep() {
        int[] step = {Integer.MAX_VALUE};
        documents.forEach(d -> collectSteps(d, step, new IdentityHashMap<>()));
        return step[0] == Integer.MAX_VALUE ? 2 : step[0];
    }

    private void collectSteps(Node node, int[] step, Map<Node, Boolean> seen) {
        if (seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!isFlow(node) && t.getValueNode() instanceof MappingNode child && !isFlow(child)
                        && !child.getValue().isEmpty() && !isAlias(t)) {
                    int diff = child.getValue().get(0).getKeyNode().getStartMark().getColumn()
                            - t.getKeyNode().getStartMark().getColumn();
                    if (diff > 0) {
                        step[0] = Math.min(step[0], diff);
                    }
                }
                collectSteps(t.getValueNode(), step, seen);
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(item -> collectSteps(item, step, seen));
        }
    }

    private void countReferences(Node node) {
        if (references.merge(node, 1, Integer::sum) > 1) {
            return;
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                countReferences(t.getKeyNode());
                countReferences(t.getValueNode());
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(this::countReferences);
        }
    }
}
