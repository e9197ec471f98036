package io.jenkins.plugins.gitops.core.edit;

import io.jenkins.plugins.gitops.core.edit.YamlPathResolver.Found;
import io.jenkins.plugins.gitops.core.edit.YamlPathResolver.Missing;
import io.jenkins.plugins.gitops.core.edit.YamlPathResolver.Resolution;
import io.jenkins.plugins.gitops.core.edit.YamlPathResolver.Unreachable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Sets one scalar in a YAML file by rewriting only that scalar's characters, or by inserting the missing keys in the
 * file's own indentation. A block scalar ({@code |} or {@code >}) target is replaced by a plain or double-quoted
 * scalar on the same line: block style cannot hold a single-line value without adding a line break to it.
 */
final class YamlValueEditor {
    private final String file;
    private final String pathText;
    private final YamlPath path;
    private final SourceText source;
    private final YamlStream stream;
    private final YamlPathResolver resolver;

    private ValueType type = ValueType.AUTO;

    YamlValueEditor(String file, SourceText source, YamlStream stream, YamlPath path) {
        this.file = file;
        this.pathText = path.text();
        this.path = path;
        this.source = source;
        this.stream = stream;
        this.resolver = new YamlPathResolver(stream);
    }

    static byte[] setValue(String file, byte[] content, String path, String value, Map<String, String> document) {
        return setValue(file, content, path, value, document, ValueType.AUTO);
    }

    static byte[] setValue(String file, byte[] content, String path, String value, Map<String, String> document,
            ValueType type) {
        return setValue(file, content, path, value, document, type, warning -> { });
    }

    /** As above; {@code warnings} hears of other places that show the new value (aliases, merge keys). */
    static byte[] setValue(String file, byte[] content, String path, String value, Map<String, String> document,
            ValueType type, Consumer<String> warnings) {
        if (value == null) {
            throw new EditException(file, path, "no value given");
        }
        String refusal = type.refusal(value);
        if (refusal != null) {
            throw new EditException(file, path, refusal);
        }
        YamlPath parsed = YamlPath.parse(file, path);
        SourceText source = SourceText.decode(file, content);
        YamlStream stream = YamlStream.parse(file, source);
        YamlValueEditor editor = new YamlValueEditor(file, source, stream, parsed);
        editor.type = type;
        Choice choice = editor.choose(document == null ? Map.of() : document);
        Planned planned = editor.plan(choice.resolution(), value);
        if (planned == null) {
            return content;
        }
        String newText = source.apply(List.of(planned.edit()));
        List<Object> expected;
        if (choice.resolution() instanceof Found) {
            expected = YamlModelCheck.loadAllReplacing(file, path, source, choice.index(), parsed, planned.loadsAs());
        } else {
            expected = YamlModelCheck.loadAll(file, path, source.text());
            expected.set(choice.index(), YamlModelCheck.set(expected.get(choice.index()), parsed, planned.loadsAs()));
        }
        YamlModelCheck.requireOnlyChange(file, path, expected, newText);
        if (choice.resolution() instanceof Found found) {
            List<String> places = new AnchorReuse(stream).placesSeeing(found.trail(), parsed.segments());
            if (!places.isEmpty()) {
                warnings.accept(file + ": " + path + " is inside an anchor, so the new value also shows in "
                        + String.join(", ", places));
            }
        }
        return source.encode(newText);
    }

    /**
     * The scalar at {@code path} of the document {@code document} selects, as it loads (a string); empty when the path
     * ends in keys the document does not have.
     *
     * @throws EditException as {@link #setValue} would find the path, or when it points at a mapping or a list
     */
    static java.util.Optional<String> valueAt(String file, byte[] content, String path, Map<String, String> document) {
        YamlPath parsed = YamlPath.parse(file, path);
        SourceText source = SourceText.decode(file, content);
        YamlValueEditor editor = new YamlValueEditor(file, source, YamlStream.parse(file, source), parsed);
        Resolution resolution = editor.choose(document == null ? Map.of() : document).resolution();
        if (resolution instanceof Unreachable unreachable) throw editor.fail(unreachable.reason());
        if (resolution instanceof Missing) return java.util.Optional.empty();
        Node node = ((Found) resolution).node();
        if (!(node instanceof ScalarNode scalar)) {
            throw editor.fail("points at " + YamlStream.kindOf(node) + ", not a value");
        }
        return java.util.Optional.of(scalar.getValue());
    }

    record Choice(int index, Resolution resolution) {}

    /** A text edit and the Java value the new scalar loads as. */
    record Planned(TextEdit edit, Object loadsAs) {}

    Choice choose(Map<String, String> selector) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < stream.documents.size(); i++) {
            if (selector.isEmpty() || matches(stream.documents.get(i), selector)) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            throw fail(selector.isEmpty() ? "the file has no YAML document"
                    : "no document matches " + describe(selector));
        }
        List<Choice> found = new ArrayList<>();
        List<Choice> all = new ArrayList<>();
        for (int i : candidates) {
            Choice choice = new Choice(i, resolver.resolve(stream.documents.get(i), path));
            all.add(choice);
            if (choice.resolution() instanceof Found) {
                found.add(choice);
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        String which = selector.isEmpty() ? "" : " matching " + describe(selector);
        if (found.size() > 1) {
            throw fail(found.size() + " documents" + which + " have this path (documents "
                    + found.stream().map(c -> String.valueOf(c.index() + 1)).collect(Collectors.joining(", "))
                    + "); choose one with the document selector (kind, apiVersion, name, namespace)");
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        throw fail("none of the " + all.size() + " documents" + which
                + " has this path; choose one with the document selector (kind, apiVersion, name, namespace)");
    }

    private boolean matches(Node document, Map<String, String> selector) {
        for (Map.Entry<String, String> field : selector.entrySet()) {
            String key = switch (field.getKey()) {
                case "name" -> "metadata.name";
                case "namespace" -> "metadata.namespace";
                default -> field.getKey();
            };
            if (!field.getValue().equals(resolver.scalarAt(document, YamlPath.parse(file, key)))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Map<String, String> selector) {
        return selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** The edit that writes {@code value}, or null when the file already holds it. */
    Planned plan(Resolution resolution, String value) {
        if (resolution instanceof Unreachable unreachable) {
            throw fail(unreachable.reason());
        }
        if (resolution instanceof Missing missing) {
            requireNotShared(missing.trail());
            return insert(missing, value);
        }
        Found found = (Found) resolution;
        if (!(found.node() instanceof ScalarNode scalar)) {
            throw fail("points at " + YamlStream.kindOf(found.node()) + ", not a value");
        }
        if (scalar.getValue().equals(value) && !YamlStream.isBlockScalar(scalar) && isAlready(scalar)) {
            return null;
        }
        return replace(scalar, value, found.inFlow());
    }

    private void requireNotShared(List<Node> trail) {
        for (Node node : trail) {
            if (stream.isShared(node)) {
                String anchor = node.getAnchor() == null ? "" : " &" + node.getAnchor();
                throw fail("the new key would go inside the anchored node" + anchor + ", which an alias or merge key"
                        + " reuses; add it where the anchor is used instead, or write it into the anchor by hand");
            }
        }
    }

    /** Whether the scalar already is of the type asked for (any scalar is, for {@link ValueType#AUTO}). */
    private boolean isAlready(ScalarNode scalar) {
        boolean text = scalar.getTag().equals(Tag.STR);
        return switch (type) {
            case AUTO -> true;
            case STRING -> text;
            case NUMBER, BOOLEAN -> !text;
        };
    }

    Planned replace(ScalarNode scalar, String value, boolean inFlow) {
        int start = afterProperties(stream.start(scalar), stream.end(scalar));
        int end = stream.end(scalar);
        String text = source.text();
        if (YamlStream.isBlockScalar(scalar)) {
            String written = YamlScalarWriter.write(value, null, inFlow, type);
            return new Planned(new TextEdit(start, end, written + text.substring(endOfContent(start, end), end)),
                    YamlModelCheck.loadScalar(written));
        }
        String written = YamlScalarWriter.write(value, scalar, inFlow, type);
        if (start == end && start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            return new Planned(new TextEdit(start, end, " " + written), YamlModelCheck.loadScalar(written));
        }
        return new Planned(new TextEdit(start, end, written), YamlModelCheck.loadScalar(written));
    }

    /** Skips an anchor ({@code &x}) or tag ({@code !!str}) written before the value: they stay as they are. */
    private int afterProperties(int start, int end) {
        String text = source.text();
        int i = start;
        while (i < end && (text.charAt(i) == '&' || text.charAt(i) == '!')) {
            while (i < end && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
        }
        return i;
    }

    /** In a block scalar's span, where its trailing line break (and any blank lines after it) begins. */
    private int endOfContent(int start, int end) {
        String text = source.text();
        int last = end - 1;
        while (last > start && Character.isWhitespace(text.charAt(last))) {
            last--;
        }
        int lineBreak = last + 1;
        while (lineBreak < end && text.charAt(lineBreak) != '\r' && text.charAt(lineBreak) != '\n') {
            lineBreak++;
        }
        return lineBreak;
    }

    private Planned insert(Missing missing, String value) {
        MappingNode parent = missing.parent();
        boolean inFlow = missing.inFlow() || YamlStream.isFlow(parent);
        // A key that overrides a merged one is written like it: a number over a number stays a number.
        ScalarNode merged = missing.keys().size() == 1
                && YamlPathResolver.mergedValue(parent, missing.keys().get(0)) instanceof ScalarNode m ? m : null;
        String written = YamlScalarWriter.write(value, merged, inFlow, type);
        Object loadsAs = YamlModelCheck.loadScalar(written);
        List<String> keys = missing.keys();
        if (inFlow) {
            StringBuilder entry = new StringBuilder();
            for (int i = 0; i < keys.size(); i++) {
                entry.append(key(keys.get(i), true)).append(": ");
                entry.append(i == keys.size() - 1 ? written : "{");
            }
            entry.append("}".repeat(keys.size() - 1));
            if (parent.getValue().isEmpty()) {
                int close = source.text().lastIndexOf('}', stream.end(parent) - 1);
                return new Planned(TextEdit.insert(close, entry.toString()), loadsAs);
            }
            NodeTuple last = parent.getValue().get(parent.getValue().size() - 1);
            int after = stream.isAlias(last) ? aliasEnd(last) : stream.end(last.getValueNode());
            return new Planned(TextEdit.insert(after, ", " + entry), loadsAs);
        }
        int column = parent.getValue().get(0).getKeyNode().getStartMark().getColumn();
        int step = stream.indentStep();
        String eol = source.lineEnding();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            lines.append(" ".repeat(column + i * step)).append(key(keys.get(i), false)).append(':');
            lines.append(i == keys.size() - 1 ? " " + written : "").append(eol);
        }
        return new Planned(insertLines(lastLeafEnd(parent), lines.toString()), loadsAs);
    }

    /** Where an alias written as a mapping's value ({@code key: *name}) ends in the text. */
    private int aliasEnd(NodeTuple tuple) {
        String alias = "*" + tuple.getValueNode().getAnchor();
        int at = source.text().indexOf(alias, stream.end(tuple.getKeyNode()));
        if (at < 0) {
            throw fail("cannot find the alias " + alias + " in the text");
        }
        return at + alias.length();
    }

    /** Inserts whole lines after the line that ends at or contains {@code leafEnd}, keeping a missing final newline. */
    TextEdit insertLines(int leafEnd, String lines) {
        String text = source.text();
        int at = leafEnd > 0 && text.charAt(leafEnd - 1) == '\n' ? leafEnd : source.endOfLine(leafEnd);
        if (at == text.length() && !text.isEmpty() && !text.endsWith("\n")) {
            String eol = source.lineEnding();
            return TextEdit.insert(at, eol + lines.substring(0, lines.length() - eol.length()));
        }
        return TextEdit.insert(at, lines);
    }

    /** Where the last value written inside {@code node} ends; new lines go after the line it ends on. */
    int lastLeafEnd(Node node) {
        if (node instanceof MappingNode mapping && !YamlStream.isFlow(node) && !mapping.getValue().isEmpty()) {
            NodeTuple last = mapping.getValue().get(mapping.getValue().size() - 1);
            return stream.isAlias(last) ? stream.end(last.getKeyNode()) : lastLeafEnd(last.getValueNode());
        }
        if (node instanceof SequenceNode sequence && !YamlStream.isFlow(node) && !sequence.getValue().isEmpty()) {
            int lastIndex = sequence.getValue().size() - 1;
            if (stream.isAliasItem(sequence, lastIndex)) {
                throw fail("cannot add after a list whose last entry is an alias");
            }
            return lastLeafEnd(sequence.getValue().get(lastIndex));
        }
        if (YamlStream.isBlockScalar(node) && !blockHeader(node).contains("+")) {
            int content = endOfContent(stream.start(node), stream.end(node));
            return Math.min(source.endOfLine(content), stream.end(node));
        }
        return stream.end(node);
    }

    private String blockHeader(Node node) {
        int start = stream.start(node);
        int lineEnd = source.text().indexOf('\n', start);
        return source.text().substring(start, lineEnd < 0 ? stream.end(node) : lineEnd);
    }

    static String key(String name, boolean inFlow) {
        return YamlScalarWriter.readsBackPlain(name, inFlow) ? name : YamlScalarWriter.doubleQuoted(name);
    }

    private EditException fail(String reason) {
        return new EditException(file, pathText, reason);
    }
}
