package io.jenkins.plugins.gitops.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Normalising and validating the values of the GitOps configuration, shared by its entry types. */
final class Settings {
    private Settings() {
    }

    static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String required(String value, String field, String what) {
        String trimmed = trimToNull(value);
        if (trimmed == null) {
            throw new InvalidSettingException(field, what + ": '" + field + "' is required");
        }
        return trimmed;
    }

    static int atLeast(int value, int minimum, String field) {
        if (value < minimum) {
            throw new InvalidSettingException(field, "'" + field + "' must be at least " + minimum + ", not " + value);
        }
        return value;
    }

    /** A mutable copy (XStream and the form binder need a plain list) after checking that names are unique. */
    static <T> List<T> uniquelyNamed(List<T> entries, Function<T, String> name, String field, String what) {
        List<T> copy = entries == null ? new ArrayList<>() : new ArrayList<>(entries);
        Map<String, String> seen = new HashMap<>();
        for (T entry : copy) {
            String n = name.apply(entry);
            String earlier = seen.putIfAbsent(n.toLowerCase(Locale.ROOT), n);
            if (earlier != null) {
                String as = earlier.equals(n) ? "" : " (as '" + earlier + "')";
                throw new InvalidSettingException(field, "The " + what + " name '" + n + "' is used twice" + as
                        + "; names must be unique");
            }
        }
        return copy;
    }
}
