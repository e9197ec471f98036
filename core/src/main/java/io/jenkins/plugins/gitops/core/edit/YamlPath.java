package io.jenkins.plugins.gitops.core.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed edit path such as {@code spec.template.spec.containers[name=web].image} or
 * {@code metadata.annotations["example.com/rev"]}. Parsing up front lets a malformed path fail with a message that
 * says where it is wrong, before any file is read.
 */
public record YamlPath(String text, List<Segment> segments) {

    /** One step of a path. */
    public sealed interface Segment permits Key, Index, Selector {}

    /** A mapping key. */
    public record Key(String name) implements Segment {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A zero-based list position, {@code [n]}. */
    public record Index(int position) implements Segment {
        @Override
        public String toString() {
            return "[" + position + "]";
        }
    }

    /** The one list entry whose {@code key} field equals {@code value}, {@code [key=value]}. */
    public record Selector(String key, String value) implements Segment {
        @Override
        public String toString() {
            return "[" + key + "=" + value + "]";
        }
    }

    public YamlPath {
        segments = List.copyOf(segments);
    }

    /** Bounds on one input, so that a pasted blob fails at once instead of building a huge document. */
    static final int MAX_CHARS = 2048;
    static final int MAX_SEGMENTS = 64;

    /** Parses {@code path}; {@code file} only names the file in the error. */
    public static YamlPath parse(String file, String path) {
        return new Parser(file, path).parse();
    }

    private static final class Parser {
        private final String file;
        private final String path;
        private int pos;

        Parser(String file, String path) {
            this.file = file;
            this.path = path == null ? "" : path;
        }

        YamlPath parse() {
            if (path.isBlank()) {
                throw fail("malformed path: it is empty");
            }
            if (path.length() > MAX_CHARS) {
                throw new EditException(file, path.substring(0, 40) + "…", "the path is " + path.length()
                        + " characters long; at most " + MAX_CHARS + " are accepted");
            }
            List<Segment> segments = new ArrayList<>();
            boolean expectSegment = true;
            while (pos < path.length()) {
                char c = path.charAt(pos);
                if (c == '[') {
                    segments.add(bracket());
                    expectSegment = false;
                } else if (c == '.') {
                    if (expectSegment) {
                        throw fail("malformed path: empty key at position " + pos);
                    }
                    pos++;
                    expectSegment = true;
                    if (pos == path.length()) {
                        throw fail("malformed path: it ends with '.'");
                    }
                } else if (c == ']') {
                    throw fail("malformed path: ']' without '[' at position " + pos);
                } else {
                    if (!expectSegment) {
                        throw fail("malformed path: expected '.' or '[' at position " + pos + " after ']'");
                    }
                    segments.add(plainKey());
                    expectSegment = false;
                }
            }
            if (segments.size() > MAX_SEGMENTS) {
                throw fail("the path has " + segments.size() + " parts; at most " + MAX_SEGMENTS + " are accepted");
            }
            return new YamlPath(path, segments);
        }

        private Segment plainKey() {
            int start = pos;
            while (pos < path.length() && path.charAt(pos) != '.' && path.charAt(pos) != '[') {
                if (path.charAt(pos) == ']') {
                    throw fail("malformed path: ']' without '[' at position " + pos);
                }
                pos++;
            }
            return new Key(path.substring(start, pos));
        }

        private Segment bracket() {
            int open = pos++;
            if (pos < path.length() && (path.charAt(pos) == '"' || path.charAt(pos) == '\'')) {
                String key = quoted();
                if (pos >= path.length() || path.charAt(pos) != ']') {
                    throw fail("malformed path: expected ']' after the quoted key at position " + pos);
                }
                pos++;
                return new Key(key);
            }
            int close = path.indexOf(']', pos);
            if (close < 0) {
                throw fail("malformed path: '[' at position " + open + " is never closed");
            }
            String inside = path.substring(pos, close).strip();
            pos = close + 1;
            if (inside.isEmpty()) {
                throw fail("malformed path: empty brackets at position " + open);
            }
            int eq = inside.indexOf('=');
            if (eq >= 0) {
                String key = inside.substring(0, eq).strip();
                String value = unquote(inside.substring(eq + 1).strip());
                if (key.isEmpty()) {
                    throw fail("malformed path: selector at position " + open + " has no key before '='");
                }
                if (value.isEmpty()) {
                    throw fail("malformed path: selector at position " + open + " has no value after '='");
                }
                return new Selector(key, value);
            }
            if (!inside.chars().allMatch(Character::isDigit)) {
                throw fail("malformed path: [" + inside + "] at position " + open
                        + " is neither a list index, a [key=value] selector nor a quoted key");
            }
            try {
                return new Index(Integer.parseInt(inside));
            } catch (NumberFormatException e) {
                throw fail("malformed path: list index [" + inside + "] is too large");
            }
        }

        private String quoted() {
            char quote = path.charAt(pos);
            int open = pos++;
            StringBuilder key = new StringBuilder();
            while (pos < path.length()) {
                char c = path.charAt(pos++);
                if (c == quote) {
                    if (quote == '\'' && pos < path.length() && path.charAt(pos) == '\'') {
                        key.append('\'');
                        pos++;
                        continue;
                    }
                    if (key.length() == 0) {
                        throw fail("malformed path: empty quoted key at position " + open);
                    }
                    return key.toString();
                }
                if (c == '\\' && quote == '"' && pos < path.length()) {
                    key.append(path.charAt(pos++));
                } else {
                    key.append(c);
                }
            }
            throw fail("malformed path: quote at position " + open + " is never closed");
        }

        private static String unquote(String s) {
            if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
                return s.substring(1, s.length() - 1);
            }
            return s;
        }

        private EditException fail(String reason) {
            return new EditException(file, path, reason);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
