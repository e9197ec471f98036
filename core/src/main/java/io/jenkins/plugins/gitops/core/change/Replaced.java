package io.jenkins.plugins.gitops.core.change;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.edit.EditException;
import io.jenkins.plugins.gitops.core.edit.ManifestEdits;
import io.jenkins.plugins.gitops.core.edit.ScalarChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A value that a commit's change replaced: where (a file, a path in it and the document), what was there before
 * ({@code was}, null when the commit added it) and what the commit wrote ({@code now}). Kept as a
 * {@code Gitops-Replaced} trailer of the commit, one JSON object per value, so that a revert, by any build or the
 * command line, can restore exactly these values from the repository alone, and only where they still are {@code now}.
 * Whole files (written, removed, mirrored) need no trailer: the commit's parent holds what they replaced.
 */
public record Replaced(String file, String path, Map<String, String> document, String was, String now) {
    public static final String TRAILER = "Gitops-Replaced";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Replaced {
        document = document == null ? Map.of() : Map.copyOf(document);
    }

    /**
     * The values {@code changes} replaced, reading {@code before} (the parent's files) and {@code after} (the commit's):
     * one entry per value the commit changed, in the order of the changes. A value the commit left as it was, or one
     * in a file that is not YAML or JSON, is not listed; a checkout's file lists the values that differ when nothing
     * else does.
     */
    public static List<Replaced> record(List<Change> changes, RepositoryFiles before, RepositoryFiles after) {
        Map<String, Replaced> found = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change instanceof YamlValue c) {
                add(found, before, after, RepoPaths.check(c.file()), c.path(), c.document());
            } else if (change instanceof KustomizeImage c) {
                String entry = "images[name=" + c.name() + "].";
                for (String field : List.of("newName", "newTag", "digest")) {
                    add(found, before, after, RepoPaths.check(c.file()), entry + field, Map.of());
                }
            } else if (change instanceof CheckedOutFile c) {
                for (Replaced v : ofFiles(List.of(RepoPaths.check(c.file())), before, after)) {
                    found.putIfAbsent(v.file() + "\n" + v.path() + "\n" + v.document(), v);
                }
            } else if (change instanceof Undo c) {
                // A revert sets back the values its commit recorded: recorded in turn, its own revert is as exact.
                for (Undo.FileUndo f : c.files()) {
                    for (Replaced v : f.values()) add(found, before, after, f.file(), v.path(), v.document());
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The values that changed in {@code files} between {@code before} and {@code after}, for files a tool edited as a
     * whole (a checkout): found by comparing the two versions, where only values differ; none for the others.
     */
    public static List<Replaced> ofFiles(List<String> files, RepositoryFiles before, RepositoryFiles after) {
        List<Replaced> all = new ArrayList<>();
        for (String file : files) {
            Optional<byte[]> was = before.read(file);
            Optional<byte[]> now = after.read(file);
            if (was.isEmpty() || now.isEmpty() || !manifest(file)) continue;
            ScalarChanges.between(file, was.get(), now.get()).ifPresent(changes -> changes.forEach(c ->
                    all.add(new Replaced(file, c.path(), c.document(), c.was(), c.now()))));
        }
        return all;
    }

    private static boolean manifest(String file) {
        String name = file.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private static void add(Map<String, Replaced> found, RepositoryFiles before, RepositoryFiles after, String file,
            String path, Map<String, String> document) {
        String key = file + "\n" + path + "\n" + document;
        if (found.containsKey(key)) {
            Replaced first = found.get(key);
            found.put(key, new Replaced(file, path, document, first.was(), value(after, file, path, document)));
            return;
        }
        String was = value(before, file, path, document);
        String now = value(after, file, path, document);
        if (!Objects.equals(was, now)) found.put(key, new Replaced(file, path, document, was, now));
    }

    private static String value(RepositoryFiles files, String file, String path, Map<String, String> document) {
        Optional<byte[]> content = files.read(file);
        if (content.isEmpty()) return null;
        try {
            return ManifestEdits.valueAt(file, content.get(), path, document).orElse(null);
        } catch (EditException | IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code Gitops-Replaced: {"file":…,"path":…,"was":…,"now":…}} on one line. */
    public String trailer() {
        ObjectNode o = JSON.createObjectNode().put("file", file).put("path", path);
        if (!document.isEmpty()) {
            ObjectNode doc = o.putObject("document");
            document.forEach(doc::put);
        }
        o.put("was", was).put("now", now);
        try {
            return TRAILER + ": " + JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values a commit message's {@code Gitops-Replaced} trailers name; lines that do not parse are skipped. */
    public static List<Replaced> fromMessage(String message) {
        List<Replaced> all = new ArrayList<>();
        for (String line : message.split("\n")) {
            if (!line.startsWith(TRAILER + ": ")) continue;
            try {
                JsonNode o = JSON.readTree(line.substring(TRAILER.length() + 2));
                Map<String, String> doc = new LinkedHashMap<>();
                o.path("document").fields().forEachRemaining(e -> doc.put(e.getKey(), e.getValue().asText()));
                all.add(new Replaced(o.path("file").asText(), o.path("path").asText(), doc, text(o.get("was")),
                        text(o.get("now"))));
            } catch (JsonProcessingException e) {
                // Not ours, or damaged: the revert treats the file as a whole.
            }
        }
        return all;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
