package io.jenkins.plugins.gitops.core.edit;

import java.util.Set;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Chooses how a new value is written so that it reads back as the same string: the old scalar's quotes when it had
 * some, plain when YAML 1.1 resolution (what SnakeYAML and most tools apply) keeps it a string, double quotes
 * otherwise. A number or boolean replaced by another of the same kind stays plain, so {@code replicas: 3} becomes
 * {@code replicas: 4}, not {@code "4"}.
 */
final class YamlScalarWriter {
    private static final Resolver RESOLVER = new Resolver();
    private static final Set<Tag> KEPT_PLAIN = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL);

    private YamlScalarWriter() {}

    /** @param old the scalar being replaced, or null for a new key's value */
    static String write(String value, ScalarNode old, boolean inFlow) {
        if (old != null) {
            ScalarStyle style = old.getScalarStyle();
            if (style == ScalarStyle.DOUBLE_QUOTED) {
                return doubleQuoted(value);
            }
            if (style == ScalarStyle.SINGLE_QUOTED) {
                return isPrintableSingleLine(value) ? "'" + value.replace("'", "''") + "'" : doubleQuoted(value);
            }
            if (style == ScalarStyle.PLAIN && KEPT_PLAIN.contains(old.getTag()) && old.getTag().equals(resolve(value))
                    && isPrintableSingleLine(value) && !value.isEmpty()) {
                return value;
            }
        }
        return readsBackPlain(value, inFlow) ? value : doubleQuoted(value);
    }

    static Tag resolve(String plain) {
        return RESOLVER.resolve(NodeId.scalar, plain, true);
    }

    static boolean readsBackPlain(String value, boolean inFlow) {
        if (value.isEmpty() || !isPrintableSingleLine(value) || !Tag.STR.equals(resolve(value))) {
            return false;
        }
        char first = value.charAt(0);
        char last = value.charAt(value.length() - 1);
        if (first == ' ' || last == ' ' || value.indexOf('\t') >= 0) {
            return false;
        }
        if (",[]{}#&*!|>'\"%@`?:".indexOf(first) >= 0) {
            return false;
        }
        if (first == '-' && (value.length() == 1 || value.charAt(1) == ' ')) {
            return false;
        }
        if (value.contains(": ") || value.contains(" #") || last == ':') {
            return false;
        }
        if (value.startsWith("---") || value.startsWith("...")) {
            return false;
        }
        if (inFlow) {
            for (char c : ",[]{}".toCharArray()) {
                if (value.indexOf(c) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isPrintableSingleLine(String value) {
        return value.codePoints().allMatch(YamlScalarWriter::isPrintable);
    }

    private static boolean isPrintable(int c) {
        return c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && c != 0xFEFF && c != 0x2028 && c != 0x2029
                && !(c >= 0xD800 && c <= 0xDFFF) && c != 0xFFFE && c != 0xFFFF;
    }

    static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case 0 -> out.append("\\0");
                default -> {
                    if (isPrintable(c)) {
                        out.appendCodePoint(c);
                    } else {
                        out.append(String.format("\\u%04X", c));
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
