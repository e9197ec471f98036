package io.jenkins.plugins.gitops.core.edit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jenkins.plugins.gitops.core.edit.JsonSpans.JsonArray;
import io.jenkins.plugins.gitops.core.edit.JsonSpans.JsonField;
import io.jenkins.plugins.gitops.core.edit.JsonSpans.JsonObject;
import io.jenkins.plugins.gitops.core.edit.JsonSpans.JsonScalar;
import io.jenkins.plugins.gitops.core.edit.JsonSpans.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sets one value in a JSON file by replacing only its characters, or inserting the missing keys in the object's own
 * layout (one key per line at the siblings' indentation, or compact). Strings are JSON-escaped; a number or boolean
 * replaced by another of the same kind stays unquoted. Both versions are parsed again and compared.
 */
final class JsonValueEditor {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String file;
    private final String pathText;
    private final SourceText source;
    private final Span root;
    private ValueType type = ValueType.AUTO;

    private JsonValueEditor(String file, String pathText, SourceText source) {
        this.file = file;
        this.pathText = pathText;
        this.source = source;
        this.root = JsonSpans.parse(file, source.text());
    }

    static byte[] setValue(String file, byte[] content, String pathText, String value) {
        return setValue(file, content, pathText, value, ValueType.AUTO);
    }

    static byte[] setValue(String file, byte[] content, String pathText, String value, ValueType type) {
        if (value == null) {
            throw new EditException(file, pathText, "no value given");
        }
        String refusal = type.refusal(value);
        if (refusal != null) {
            throw new EditException(file, pathText, refusal);
        }
        YamlPath path = YamlPath.parse(file, pathText);
        SourceText source = SourceText.decode(file, content);
        JsonValueEditor editor = new JsonValueEditor(file, pathText, source);
        editor.type = type;
        Edit edit = editor.plan(path, value);
        if (edit == null) {
            return content;
        }
        String newText = source.apply(List.of(edit.text()));
        editor.verify(path, edit.written(), newText);
        return source.encode(newText);
    }

    /** The text edit and the JSON it writes for the value. */
    private record Edit(TextEdit text, String written) {}

    private Edit plan(YamlPath path, String value) {
        Span current = root;
        List<YamlPath.Segment> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            YamlPath.Segment segment = segments.get(i);
            String at = i == 0 ? "the document" : YamlPathResolver.describe(segments.subList(0, i));
            if (segment instanceof YamlPath.Key key) {
                if (!(current instanceof JsonObject object)) {
                    throw fail(at + " is " + kindOf(current) + ", not a mapping");
                }
                JsonField field = object.fields().stream().filter(f -> f.name().equals(key.name()))
                        .reduce((a, b) -> b).orElse(null);
                if (field == null) {
                    List<String> keys = new ArrayList<>();
                    for (int j = i; j < segments.size(); j++) {
                        if (!(segments.get(j) instanceof YamlPath.Key missing)) {
                            throw fail(YamlPathResolver.describe(segments.subList(0, j))
                                    + " does not exist, and list entries are not created");
                        }
                        keys.add(missing.name());
                    }
                    return insert(object, keys, type.isUnquoted() ? value : quote(value));
                }
                current = field.value();
            } else if (segment instanceof YamlPath.Index index) {
                if (!(current instanceof JsonArray array)) {
                    throw fail(at + " is " + kindOf(current) + ", not a list");
                }
                if (index.position() >= array.items().size()) {
                    throw fail("the list " + at + " has " + YamlPathResolver.entries(array.items().size()) + ", so there is no "
                            + index + "; list entries are not created");
                }
                current = array.items().get(index.position());
            } else if (segment instanceof YamlPath.Selector selector) {
                if (!(current instanceof JsonArray array)) {
                    throw fail(at + " is " + kindOf(current) + ", not a list");
                }
                List<Span> matches = array.items().stream().filter(item -> item instanceof JsonObject o
                        && o.fields().stream().anyMatch(f -> f.name().equals(selector.key())
                                && f.value() instanceof JsonScalar s && s.value().equals(selector.value())))
                        .toList();
                if (matches.size() != 1) {
                    throw fail(matches.isEmpty()
                            ? "no entry of the list " + at + " has " + selector.key() + "=" + selector.value()
                                    + "; list entries are not created"
                            : matches.size() + " entries of the list " + at + " have " + selector.key() + "="
                                    + selector.value());
                }
                current = matches.get(0);
            }
        }
        if (!(current instanceof JsonScalar scalar)) {
            throw fail("points at " + kindOf(current) + ", not a value");
        }
        boolean unquoted = scalar.token() != JsonToken.VALUE_STRING;
        if (scalar.value().equals(value) && (type == ValueType.AUTO || type.isUnquoted() == unquoted)) {
            return null;
        }
        boolean sameKind = type != ValueType.AUTO ? type.isUnquoted() : switch (scalar.token()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NUMBER.matcher(value).matches();
            case VALUE_TRUE, VALUE_FALSE -> value.equals("true") || value.equals("false");
            default -> false;
        };
        String written = sameKind ? value : quote(value);
        return new Edit(new TextEdit(scalar.start(), scalar.end(), written), written);
    }

    private Edit insert(JsonObject object, List<String> keys, String written) {
        String text = source.text();
        String colon = colonStyle(root);
        String eol = source.lineEnding();
        int step = indentStep();
        if (object.fields().isEmpty()) {
            int close = object.end() - 1;
            if (!text.contains("\n")) {
                return new Edit(TextEdit.insert(close, compactEntry(keys, written, colon)), written);
            }
            String outer = indentationOf(object.start());
            String inner = outer + " ".repeat(step);
            return new Edit(TextEdit.insert(close, eol + inner + prettyEntry(keys, written, colon, inner, step) + eol
                    + outer), written);
        }
        JsonField first = object.fields().get(0);
        int after = object.fields().get(object.fields().size() - 1).value().end();
        if (text.substring(object.start(), first.keyStart()).contains("\n")) {
            String indent = indentationOf(first.keyStart());
            return new Edit(TextEdit.insert(after, "," + eol + indent + prettyEntry(keys, written, colon, indent, step)),
                    written);
        }
        String comma = object.fields().size() > 1
                ? text.substring(first.value().end(), object.fields().get(1).keyStart())
                : colon.endsWith(" ") ? ", " : ",";
        return new Edit(TextEdit.insert(after, comma + compactEntry(keys, written, colon)), written);
    }

    private static String compactEntry(List<String> keys, String written, String colon) {
        StringBuilder entry = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            entry.append(quote(keys.get(i))).append(colon).append(i == keys.size() - 1 ? written : "{");
        }
        return entry.append("}".repeat(keys.size() - 1)).toString();
    }

    private String prettyEntry(List<String> keys, String written, String colon, String indent, int step) {
        String eol = source.lineEnding();
        StringBuilder entry = new StringBuilder(quote(keys.get(0))).append(colon);
        if (keys.size() == 1) {
            return entry.append(written).toString();
        }
        String inner = indent + " ".repeat(step);
        return entry.append('{').append(eol).append(inner)
                .append(prettyEntry(keys.subList(1, keys.size()), written, colon, inner, step))
                .append(eol).append(indent).append('}').toString();
    }

    private String indentationOf(int index) {
        String text = source.text();
        int lineStart = source.startOfLine(index);
        int i = lineStart;
        while (i < index && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return text.substring(lineStart, i);
    }

    private int indentStep() {
        if (root instanceof JsonObject object && !object.fields().isEmpty()
                && source.text().substring(object.start(), object.fields().get(0).keyStart()).contains("\n")) {
            int width = indentationOf(object.fields().get(0).keyStart()).length();
            if (width > 0) {
                return width;
            }
        }
        return 2;
    }

    /** What the file writes between a key and its value, taken from the first key found. */
    private String colonStyle(Span span) {
        if (span instanceof JsonObject object) {
            if (!object.fields().isEmpty()) {
                JsonField first = object.fields().get(0);
                return source.text().substring(first.keyEnd(), first.value().start());
            }
        } else if (span instanceof JsonArray array) {
            for (Span item : array.items()) {
                if (item instanceof JsonObject o && !o.fields().isEmpty()) {
                    return colonStyle(o);
                }
            }
        }
        return source.text().contains("\n") ? ": " : ":";
    }

    private void verify(YamlPath path, String written, String newText) {
        JsonNode expected = read(source.text(), "");
        JsonNode actual = read(newText, "the edit would make the file invalid: ");
        JsonNode value = read(written, "");
        JsonNode current = expected;
        List<YamlPath.Segment> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            YamlPath.Segment segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof YamlPath.Key key && current instanceof ObjectNode object) {
                if (last) {
                    object.set(key.name(), value);
                } else {
                    current = object.has(key.name()) ? object.get(key.name()) : object.putObject(key.name());
                }
            } else if (current instanceof ArrayNode array) {
                int index = -1;
                if (segment instanceof YamlPath.Index n) {
                    index = n.position();
                } else if (segment instanceof YamlPath.Selector s) {
                    for (int j = 0; j < array.size(); j++) {
                        JsonNode field = array.get(j).get(s.key());
                        if (field != null && field.isValueNode() && field.asText().equals(s.value())) {
                            index = j;
                        }
                    }
                }
                if (last) {
                    array.set(index, value);
                } else {
                    current = array.get(index);
                }
            }
        }
        if (!expected.equals(actual)) {
            throw fail("the edit would change more than the target value; nothing was written");
        }
    }

    private JsonNode read(String text, String context) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw fail(context + "invalid JSON: " + e.getOriginalMessage());
        }
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String kindOf(Span span) {
        return span instanceof JsonObject ? "a mapping" : span instanceof JsonArray ? "a list" : "a value";
    }

    private EditException fail(String reason) {
        return new EditException(file, pathText, reason);
    }
}
