package io.jenkins.plugins.gitops.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tree} parameter of Jenkins' remote API ({@code ?tree=commits[sha,files],waits[result]{0,2}}), as Stapler's
 * {@code NamedPathPruner} reads it: names separated by commas, the fields of a nested object or of a list's items in
 * brackets, {@code *} for every field, and after a list an optional range {@code {N}}, {@code {N,}}, {@code {,M}} or
 * {@code {N,M}} (from N, before M). A name without brackets keeps its whole value.
 */
record JsonTree(Map<String, Node> fields) {
    /** One named field: its own fields (null for the whole value) and, for a list, the items kept. */
    record Node(JsonTree children, int from, int to) {
        JsonNode apply(JsonNode value) {
            JsonNode ranged = range(value, from, to);
            return children == null ? ranged : children.prune(ranged);
        }
    }

    static JsonTree parse(String spec) {
        Parser parser = new Parser(spec);
        JsonTree tree = parser.list();
        if (parser.at < spec.length()) {
            throw parser.error();
        }
        return tree;
    }

    /** A copy of {@code node} with only the named fields. */
    JsonNode prune(JsonNode node) {
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(item -> copy.add(prune(item)));
            return copy;
        }
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        ObjectNode copy = object.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Node wanted = fields.containsKey(field.getKey()) ? fields.get(field.getKey()) : fields.get("*");
            if (wanted != null) {
                copy.set(field.getKey(), wanted.apply(field.getValue()));
            }
        }
        return copy;
    }

    private static final class Parser {
        private final String spec;
        private int at;

        Parser(String spec) {
            this.spec = spec;
        }

        JsonTree list() {
            Map<String, Node> fields = new LinkedHashMap<>();
            do {
                int start = at;
                while (at < spec.length() && ",[]{}".indexOf(spec.charAt(at)) < 0) {
                    at++;
                }
                if (at == start) {
                    throw error();
                }
                String name = spec.substring(start, at);
                JsonTree children = null;
                if (accept('[')) {
                    children = list();
                    expect(']');
                }
                int from = 0;
                int to = Integer.MAX_VALUE;
                if (accept('{')) {
                    from = number(0);
                    to = accept(',') ? number(Integer.MAX_VALUE) : from + 1;
                    expect('}');
                }
                fields.put(name, new Node(children, from, to));
            } while (accept(','));
            return new JsonTree(fields);
        }

        private int number(int otherwise) {
            int start = at;
            while (at < spec.length() && Character.isDigit(spec.charAt(at))) {
                at++;
            }
            return at == start ? otherwise : Integer.parseInt(spec.substring(start, at));
        }

        private boolean accept(char c) {
            if (at < spec.length() && spec.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!accept(c)) {
                throw error();
            }
        }

        IllegalArgumentException error() {
            return new IllegalArgumentException("Malformed tree expression at position " + at + ": " + spec);
        }
    }

    private static JsonNode range(JsonNode value, int from, int to) {
        if (!(value instanceof ArrayNode array)) {
            return value;
        }
        List<JsonNode> kept = new ArrayList<>();
        for (int i = from; i < Math.min(to, array.size()); i++) {
            kept.add(array.get(i));
        }
        return array.arrayNode().addAll(kept);
    }
}
