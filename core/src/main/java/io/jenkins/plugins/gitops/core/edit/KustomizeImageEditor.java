package io.jenkins.plugins.gitops.core.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits one entry of a kustomization's {@code images:} list the way {@code kustomize edit set image} does, touching
 * only the lines of that entry: a new tag drops the digest and a new digest drops the tag (both given keeps both), a
 * missing entry is appended in the list's own style, and a missing {@code images:} is added at the end of the file.
 */
final class KustomizeImageEditor {
    private static final String IMAGES = "images";
    private static final List<String> FIELD_ORDER = List.of("name", "newName", "newTag", "digest");

    private final String file;
    private final SourceText source;
    private final YamlStream stream;
    private final YamlValueEditor values;

    private KustomizeImageEditor(String file, SourceText source, YamlStream stream) {
        this.file = file;
        this.source = source;
        this.stream = stream;
        this.values = new YamlValueEditor(file, source, stream, YamlPath.parse(file, IMAGES));
    }

    static byte[] setImage(String file, byte[] content, String name, String newName, String newTag, String digest) {
        if (name == null || name.isBlank()) {
            throw new EditException(file, IMAGES, "no image name given");
        }
        SourceText source = SourceText.decode(file, content);
        YamlStream stream = YamlStream.parse(file, source);
        if (stream.documents.size() != 1 || !(stream.documents.get(0) instanceof MappingNode root)
                || YamlStream.isFlow(root)) {
            throw new EditException(file, IMAGES, "a kustomization must be one YAML document holding a block mapping");
        }
        Map<String, String> set = new LinkedHashMap<>();
        set.put("name", name);
        if (newName != null) {
            set.put("newName", newName);
        }
        if (newTag != null) {
            set.put("newTag", newTag);
        }
        if (digest != null) {
            set.put("digest", digest);
        }
        List<String> remove = new ArrayList<>();
        if (newTag != null && digest == null) {
            remove.add("digest");
        }
        if (digest != null && newTag == null) {
            remove.add("newTag");
        }
        KustomizeImageEditor editor = new KustomizeImageEditor(file, source, stream);
        Map<String, Object> loadsAs = new LinkedHashMap<>();
        List<TextEdit> edits = editor.plan(root, set, remove, loadsAs);
        if (edits.isEmpty()) {
            return content;
        }
        String newText = source.apply(edits);
        List<Object> expected = YamlModelCheck.loadAll(file, IMAGES, source.text());
        expectedChange(expected.get(0), name, loadsAs, remove);
        YamlModelCheck.requireOnlyChange(file, IMAGES, expected, newText);
        return source.encode(newText);
    }

    private List<TextEdit> plan(MappingNode root, Map<String, String> set, List<String> remove,
            Map<String, Object> loadsAs) {
        NodeTuple images = tuple(root, IMAGES);
        if (images == null) {
            int dash = sequenceIndent(root);
            String eol = source.lineEnding();
            String lines = IMAGES + ":" + eol + entryLines(set, dash, 2, loadsAs);
            return List.of(values.insertLines(values.lastLeafEnd(root), lines));
        }
        if (stream.isAlias(images) || stream.isShared(images.getValueNode())) {
            throw fail("images is an alias or anchored list; editing it would change other places");
        }
        if (!(images.getValueNode() instanceof SequenceNode list)) {
            throw fail("images is " + YamlStream.kindOf(images.getValueNode()) + ", not a list");
        }
        List<MappingNode> entries = new ArrayList<>();
        for (Node item : list.getValue()) {
            if (item instanceof MappingNode entry && tuple(entry, "name") != null
                    && tuple(entry, "name").getValueNode() instanceof ScalarNode n
                    && n.getValue().equals(set.get("name"))) {
                entries.add(entry);
            }
        }
        if (entries.size() > 1) {
            throw fail(entries.size() + " images entries have name " + set.get("name"));
        }
        if (entries.isEmpty()) {
            return List.of(append(list, set, loadsAs));
        }
        if (stream.isShared(entries.get(0))) {
            throw fail("the images entry for " + set.get("name") + " is anchored and reused elsewhere");
        }
        return update(entries.get(0), set, remove, loadsAs);
    }

    private TextEdit append(SequenceNode list, Map<String, String> set, Map<String, Object> loadsAs) {
        if (YamlStream.isFlow(list)) {
            StringBuilder entry = new StringBuilder("{");
            set.forEach((field, value) -> {
                String written = YamlScalarWriter.write(value, null, true);
                loadsAs.put(field, YamlModelCheck.loadScalar(written));
                entry.append(entry.length() > 1 ? ", " : "").append(field).append(": ").append(written);
            });
            entry.append('}');
            if (list.getValue().isEmpty()) {
                return TextEdit.insert(source.text().lastIndexOf(']', stream.end(list) - 1), entry.toString());
            }
            return TextEdit.insert(stream.end(list.getValue().get(list.getValue().size() - 1)), ", " + entry);
        }
        Node first = list.getValue().get(0);
        int dash = source.text().lastIndexOf('-', stream.start(first));
        int dashColumn = dash - source.startOfLine(dash);
        int offset = first instanceof MappingNode m && !m.getValue().isEmpty()
                ? m.getValue().get(0).getKeyNode().getStartMark().getColumn() - dashColumn
                : 2;
        return values.insertLines(values.lastLeafEnd(list), entryLines(set, dashColumn, offset, loadsAs));
    }

    private String entryLines(Map<String, String> set, int dashColumn, int offset, Map<String, Object> loadsAs) {
        StringBuilder lines = new StringBuilder();
        String eol = source.lineEnding();
        boolean first = true;
        for (Map.Entry<String, String> field : set.entrySet()) {
            String written = YamlScalarWriter.write(field.getValue(), null, false);
            loadsAs.put(field.getKey(), YamlModelCheck.loadScalar(written));
            lines.append(first ? " ".repeat(dashColumn) + "-" + " ".repeat(offset - 1) : " ".repeat(dashColumn + offset));
            lines.append(field.getKey()).append(": ").append(written).append(eol);
            first = false;
        }
        return lines.toString();
    }

    private List<TextEdit> update(MappingNode entry, Map<String, String> set, List<String> remove,
            Map<String, Object> loadsAs) {
        List<TextEdit> edits = new ArrayList<>();
        List<String> toRemove = new ArrayList<>(remove);
        toRemove.removeIf(field -> tuple(entry, field) == null);
        List<String> toInsert = new ArrayList<>();
        boolean flow = YamlStream.isFlow(entry);
        for (Map.Entry<String, String> field : set.entrySet()) {
            NodeTuple existing = tuple(entry, field.getKey());
            if (existing != null) {
                if (!(existing.getValueNode() instanceof ScalarNode scalar) || stream.isAlias(existing)) {
                    throw fail(field.getKey() + " of image " + set.get("name") + " is not a plain value");
                }
                loadsAs.put(field.getKey(), YamlModelCheck.loadScalar(
                        YamlScalarWriter.write(field.getValue(), scalar, flow)));
                if (!scalar.getValue().equals(field.getValue())) {
                    edits.add(values.replace(scalar, field.getValue(), flow).edit());
                }
            } else if (!toRemove.isEmpty() && !field.getKey().equals("newName")) {
                NodeTuple replaced = tuple(entry, toRemove.remove(0));
                String written = YamlScalarWriter.write(field.getValue(), null, flow);
                loadsAs.put(field.getKey(), YamlModelCheck.loadScalar(written));
                edits.add(new TextEdit(stream.start(replaced.getKeyNode()), stream.end(replaced.getKeyNode()),
                        field.getKey()));
                ScalarNode value = (ScalarNode) replaced.getValueNode();
                edits.add(values.replace(value, field.getValue(), flow).edit().withReplacement(written));
            } else {
                toInsert.add(field.getKey());
            }
        }
        for (String field : toRemove) {
            edits.add(removal(entry, tuple(entry, field)));
        }
        if (!toInsert.isEmpty()) {
            StringBuilder text = new StringBuilder();
            int column = entry.getValue().get(0).getKeyNode().getStartMark().getColumn();
            for (String field : toInsert) {
                String written = YamlScalarWriter.write(set.get(field), null, flow);
                loadsAs.put(field, YamlModelCheck.loadScalar(written));
                text.append(flow ? ", " : " ".repeat(column)).append(field).append(": ").append(written)
                        .append(flow ? "" : source.lineEnding());
            }
            NodeTuple last = entry.getValue().get(entry.getValue().size() - 1);
            edits.add(flow ? TextEdit.insert(stream.end(last.getValueNode()), text.toString())
                    : values.insertLines(values.lastLeafEnd(entry), text.toString()));
        }
        return edits;
    }

    /** Removes a key and its value: whole lines, or up to the next key when it shares the line of a list dash. */
    private TextEdit removal(MappingNode entry, NodeTuple tuple) {
        int index = entry.getValue().indexOf(tuple);
        int keyStart = stream.start(tuple.getKeyNode());
        NodeTuple next = index + 1 < entry.getValue().size() ? entry.getValue().get(index + 1) : null;
        if (YamlStream.isFlow(entry)) {
            if (index > 0) {
                return new TextEdit(stream.end(entry.getValue().get(index - 1).getValueNode()),
                        stream.end(tuple.getValueNode()), "");
            }
            return new TextEdit(keyStart, stream.start(next.getKeyNode()), "");
        }
        int lineStart = source.startOfLine(keyStart);
        if (source.text().substring(lineStart, keyStart).isBlank()) {
            int leafEnd = values.lastLeafEnd(tuple.getValueNode());
            int end = leafEnd > 0 && source.text().charAt(leafEnd - 1) == '\n' ? leafEnd : source.endOfLine(leafEnd);
            return new TextEdit(lineStart, end, "");
        }
        if (next == null) {
            throw fail("cannot remove " + tuple.getKeyNode() + ": it is the only key of its list entry");
        }
        return new TextEdit(keyStart, stream.start(next.getKeyNode()), "");
    }

    private int sequenceIndent(MappingNode root) {
        for (NodeTuple t : root.getValue()) {
            if (t.getValueNode() instanceof SequenceNode s && !YamlStream.isFlow(s) && !s.getValue().isEmpty()
                    && !stream.isAlias(t)) {
                int dash = source.text().lastIndexOf('-', stream.start(s.getValue().get(0)));
                return Math.max(0, dash - source.startOfLine(dash) - t.getKeyNode().getStartMark().getColumn());
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void expectedChange(Object document, String name, Map<String, Object> set, List<String> remove) {
        Map<Object, Object> root = (Map<Object, Object>) document;
        List<Object> images = (List<Object>) root.computeIfAbsent(IMAGES, k -> new ArrayList<>());
        Map<Object, Object> entry = null;
        for (Object item : images) {
            if (item instanceof Map<?, ?> m && name.equals(String.valueOf(m.get("name")))) {
                entry = (Map<Object, Object>) m;
            }
        }
        if (entry == null) {
            entry = new LinkedHashMap<>();
            images.add(entry);
        }
        entry.putAll(set);
        remove.forEach(entry::remove);
    }

    private static NodeTuple tuple(MappingNode mapping, String key) {
        return mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                .findFirst().orElse(null);
    }

    private EditException fail(String reason) {
        return new EditException(file, IMAGES, reason);
    }
}
