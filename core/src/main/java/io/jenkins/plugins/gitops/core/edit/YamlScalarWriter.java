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
 * {@code replicas: 4}, not {@code "4"}, and {@code 1} becomes {@code 1.5}. A caller that names a {@link ValueType}
 * gets that type.
 */
final class YamlScalarWriter {
    private static final Resolver RESOLVER = new Resolver();
    private static final Set<Tag> KEPT_PLAIN = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL);

    private YamlScalarWriter() {}

    /** @param old the scalar being replaced, or null for a new key's value */
    static String write(String value, ScalarNode old, boolean inFlow) {
        return write(value, old, inFlow, ValueType.AUTO);
    }

    /**
     * As {@link #write(String, ScalarNode, boolean)}, in the type the caller asked for: a number or boolean unquoted
     * (checked before by the editor), a string always as a string.
     */
    static String write(String value, ScalarNode old, boolean inFlow, ValueType type) {
        if (type.isUnquoted()) {
            return value;
        }
        if (type == ValueType.STRING && old != null && old.getScalarStyle() == ScalarStyle.PLAIN) {
            old = null;
        }
        if (old != null) {
            ScalarStyle style = old.getScalarStyle();
            if (style == ScalarStyle.DOUBLE_QUOTED) {
                return doubleQuoted(value);
            }
            if (style == ScalarStyle.SINGLE_QUOTED) {
                return isPrintableSingleLine(value) ? "'" + value.replace("'", "''") + "'" : doubleQuoted(value);
            }
            if (style == ScalarStyle.PLAIN && KEPT_PLAIN.contains(old.getTag()) && sameKind(old.getTag(), resolve(value))
                    && isPrintableSingleLine(value) && !value.isEmpty()) {
                return value;
            }
        }
        return readsBackPlain(value, inFlow) ? value : doubleQuoted(value);
    }

    /** Numbers are one kind, whether integer or decimal: {@code 1} set to {@code 1.5} stays a number. */
    private static boolean sameKind(Tag old, Tag now) {
        boolean oldNumber = old.equals(Tag.INT) || old.equals(Tag.FLOAT);
        boolean nowNumber = now.equals(Tag.INT) || now.equals(Tag.FLOAT);
        return oldNumber ? nowNumber : old.equals(now);
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
