package io.jenkins.plugins.gitops.core.edit;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a value set by {@code yamlValue} should be in the file. {@link #AUTO} keeps what a tool reading the file sees
 * the same as before for strings (a tag {@code 1.10} stays the string {@code "1.10"}) and keeps numbers and booleans
 * what they were; the others are what a caller says when it matters: Kubernetes refuses {@code replicas: "3"}.
 */
public enum ValueType {
    /** Text that reads back as text; a number replacing a number, or a boolean a boolean, stays unquoted. */
    AUTO,
    /** Always text, quoted when it would read as something else. */
    STRING,
    /** An unquoted number: an integer or a decimal, optionally with an exponent. */
    NUMBER,
    /** An unquoted {@code true} or {@code false}. */
    BOOLEAN;

    private static final Pattern NUMBER_TEXT = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** The type named {@code name} ({@code auto}, {@code string}, {@code number}, {@code boolean}); empty for auto. */
    public static ValueType parse(String name) {
        if (name == null || name.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a value type: use auto, string, number or boolean");
        }
    }

    /** Why {@code value} cannot be written as this type, or null when it can. */
    String refusal(String value) {
        return switch (this) {
            case NUMBER -> NUMBER_TEXT.matcher(value).matches() ? null : "'" + value + "' is not a number";
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null
                    : "'" + value + "' is not a boolean (true or false)";
            default -> null;
        };
    }

    boolean isUnquoted() {
        return this == NUMBER || this == BOOLEAN;
    }
}
