package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.change.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.Paths;
import org.eclipse.jgit.util.SystemReader;

/**
 * The files of one commit, edited in memory and written back as blobs and trees straight into the object database,
 * so that no working tree is ever checked out. Only the folders on the way to the files that changes touch are read,
 * and only those are written again: a commit to a repository of tens of thousands of files costs a few tree objects,
 * not an index of every file. Reverts also read a commit's files through it.
 */
public final class TreeWorkspace implements RepositoryFiles {
    private final ObjectReader reader;
    private final ObjectId root;
    /** Folders of the base tree read so far, by path ("" for the root); a null value: no such folder. */
    private final Map<String, Map<String, Entry>> folders = new HashMap<>();
    private final TreeMap<String, Optional<byte[]>> edits = new TreeMap<>();

    /** One entry of a base tree: its name as stored, its mode bits and object. */
    private record Entry(byte[] name, int mode, ObjectId id) {
        boolean isTree() {
            return FileMode.TREE.equals(mode);
        }
    }

    /** @param tree the commit's tree; null for an empty repository */
    public TreeWorkspace(ObjectReader reader, ObjectId tree) {
        this.reader = reader;
        this.root = tree;
    }

    @Override
    public Optional<byte[]> read(String path) {
        checkFolders(path);
        Optional<byte[]> edited = edits.get(path);
        if (edited != null) return edited;
        Entry entry = file(path);
        if (entry == null) return Optional.empty();
        checkRegular(path, entry);
        try {
            return Optional.of(reader.open(entry.id(), Constants.OBJ_BLOB).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        checkFolders(path);
        Entry entry = file(path);
        if (entry != null) checkRegular(path, entry);
        if (!listFiles(path).isEmpty()) throw GitopsException.forFile(path, "", "is a folder in the repository, not a file");
        edits.put(path, Optional.of(content.clone()));
    }

    @Override
    public void remove(String path) {
        checkFolders(path);
        Entry entry = file(path);
        if (entry != null) checkRegular(path, entry);
        edits.put(path, Optional.empty());
    }

    @Override
    public List<String> listFiles(String dir) {
        String prefix = dir + "/";
        TreeMap<String, Boolean> present = new TreeMap<>();
        collectFiles(dir, present);
        for (Map.Entry<String, Optional<byte[]>> e : edits.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            present.put(e.getKey(), e.getValue().isPresent());
        }
        List<String> files = new ArrayList<>();
        present.forEach((p, exists) -> {
            if (exists) files.add(p);
        });
        return files;
    }

    /** The content a change left for {@code path}: empty when removed, null when no change touched it. */
    Optional<byte[]> edited(String path) {
        return edits.get(path);
    }

    /** Writes the edited blobs and the trees on their way to the root; the caller flushes the inserter. */
    ObjectId writeTree(ObjectInserter inserter) throws IOException {
        if (edits.isEmpty()) return root;
        for (String path : edits.keySet()) SystemReader.getInstance().checkPath(path);
        ObjectId tree = writeFolder("", inserter);
        return tree != null ? tree : inserter.insert(new TreeFormatter());
    }

    /** Writes folder {@code dir} with the edits below it; null when it ends up empty (git has no empty folders). */
    private ObjectId writeFolder(String dir, ObjectInserter inserter) throws IOException {
        Map<String, Entry> base = folder(dir);
        Map<String, Entry> entries = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
        String prefix = dir.isEmpty() ? "" : dir + "/";
        TreeSet<String> subfolders = new TreeSet<>();
        // Files first, so that a file replacing a folder whose files were all removed, or the reverse, settles below.
        for (Map.Entry<String, Optional<byte[]>> e : edits.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                subfolders.add(rest.substring(0, slash));
                continue;
            }
            Entry existing = entries.get(rest);
            if (e.getValue().isEmpty()) {
                if (existing != null && !existing.isTree()) entries.remove(rest);
                continue;
            }
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, e.getValue().get());
            int mode = existing != null && FileMode.EXECUTABLE_FILE.equals(existing.mode())
                    ? FileMode.EXECUTABLE_FILE.getBits() : FileMode.REGULAR_FILE.getBits();
            entries.put(rest, new Entry(rest.getBytes(StandardCharsets.UTF_8), mode, blob));
        }
        for (String name : subfolders) {
            ObjectId sub = writeFolder(prefix + name, inserter);
            Entry existing = entries.get(name);
            if (sub == null) {
                if (existing != null && existing.isTree()) entries.remove(name);
            } else if (existing != null && !existing.isTree()) {
                throw new IllegalStateException(prefix + name + " would be both a file and a folder");
            } else {
                entries.put(name, new Entry(name.getBytes(StandardCharsets.UTF_8), FileMode.TREE.getBits(), sub));
            }
        }
        if (entries.isEmpty()) return null;
        if (base != null && entries.equals(base)) return treeId(dir);
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort((a, b) -> Paths.compare(a.name(), 0, a.name().length, a.mode(), b.name(), 0, b.name().length, b.mode()));
        TreeFormatter formatter = new TreeFormatter();
        for (Entry e : sorted) formatter.append(e.name(), FileMode.fromBits(e.mode()), e.id());
        return inserter.insert(formatter);
    }

    /** The id of a folder of the base tree that is known to exist. */
    private ObjectId treeId(String dir) {
        if (dir.isEmpty()) return root;
        int slash = dir.lastIndexOf('/');
        return folder(slash < 0 ? "" : dir.substring(0, slash)).get(dir.substring(slash + 1)).id();
    }

    /** The entries of folder {@code dir} of the base tree by name, read once; null when there is no such folder. */
    private Map<String, Entry> folder(String dir) {
        if (folders.containsKey(dir)) return folders.get(dir);
        ObjectId id;
        if (dir.isEmpty()) {
            id = root;
        } else {
            int slash = dir.lastIndexOf('/');
            Map<String, Entry> parent = folder(slash < 0 ? "" : dir.substring(0, slash));
            Entry e = parent == null ? null : parent.get(dir.substring(slash + 1));
            id = e != null && e.isTree() ? e.id() : null;
        }
        Map<String, Entry> entries = id == null ? null : parse(id);
        folders.put(dir, entries);
        return entries;
    }

    private Map<String, Entry> parse(ObjectId tree) {
        try {
            Map<String, Entry> entries = new LinkedHashMap<>();
            CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
            for (; !parser.eof(); parser.next()) {
                byte[] name = new byte[parser.getNameLength()];
                parser.getName(name, 0);
                entries.put(parser.getEntryPathString(), new Entry(name, parser.getEntryRawMode(), parser.getEntryObjectId()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base tree's entry at {@code path} unless it is a folder: a file, symbolic link or submodule; else null. */
    private Entry file(String path) {
        int slash = path.lastIndexOf('/');
        Map<String, Entry> parent = folder(slash < 0 ? "" : path.substring(0, slash));
        Entry e = parent == null ? null : parent.get(path.substring(slash + 1));
        return e == null || e.isTree() ? null : e;
    }

    /** Adds every file of the base tree below {@code dir}, at any depth. */
    private void collectFiles(String dir, Map<String, Boolean> into) {
        Map<String, Entry> entries = folder(dir);
        if (entries == null) return;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String path = dir + "/" + e.getKey();
            if (e.getValue().isTree()) {
                collectFiles(path, into);
            } else {
                into.put(path, true);
            }
        }
    }

    private void checkFolders(String path) {
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) >= 0) {
            String folder = path.substring(0, slash);
            Entry entry = file(folder);
            Optional<byte[]> edited = edits.get(folder);
            if (entry != null && FileMode.SYMLINK.equals(entry.mode())) {
                throw GitopsException.forFile(path, "", "unsafe path: " + folder + " is a symbolic link");
            }
            if (entry != null && FileMode.GITLINK.equals(entry.mode())) {
                throw GitopsException.forFile(path, "", "unsafe path: " + folder + " is a submodule");
            }
            if ((entry != null && (edited == null || edited.isPresent())) || (edited != null && edited.isPresent())) {
                throw GitopsException.forFile(path, "", folder + " is a file, not a folder");
            }
        }
    }

    private static void checkRegular(String path, Entry entry) {
        if (FileMode.SYMLINK.equals(entry.mode())) throw GitopsException.forFile(path, "", "unsafe path: it is a symbolic link");
        if (FileMode.GITLINK.equals(entry.mode())) throw GitopsException.forFile(path, "", "unsafe path: it is a submodule");
    }
}
