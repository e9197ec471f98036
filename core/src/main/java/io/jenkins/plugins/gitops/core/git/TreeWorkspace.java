package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.change.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The files of one commit, edited in memory and written back as blobs and trees straight into the object database,
 * so that no working tree is ever checked out. Only the files that changes touch are read.
 */
final class TreeWorkspace implements RepositoryFiles {
    private final ObjectReader reader;
    private final DirCache index;
    private final TreeMap<String, Optional<byte[]>> edits = new TreeMap<>();

    TreeWorkspace(ObjectReader reader, ObjectId tree) throws IOException {
        this.reader = reader;
        this.index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, tree);
        builder.finish();
    }

    @Override
    public Optional<byte[]> read(String path) {
        checkFolders(path);
        Optional<byte[]> edited = edits.get(path);
        if (edited != null) return edited;
        DirCacheEntry entry = index.getEntry(path);
        if (entry == null) return Optional.empty();
        checkRegular(path, entry);
        try {
            return Optional.of(reader.open(entry.getObjectId(), Constants.OBJ_BLOB).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(String path, byte[] content) {
        checkFolders(path);
        DirCacheEntry entry = index.getEntry(path);
        if (entry != null) checkRegular(path, entry);
        if (!listFiles(path).isEmpty()) throw GitopsException.forFile(path, "", "is a folder in the repository, not a file");
        edits.put(path, Optional.of(content.clone()));
    }

    @Override
    public void remove(String path) {
        checkFolders(path);
        DirCacheEntry entry = index.getEntry(path);
        if (entry != null) checkRegular(path, entry);
        edits.put(path, Optional.empty());
    }

    @Override
    public List<String> listFiles(String dir) {
        String prefix = dir + "/";
        TreeMap<String, Boolean> present = new TreeMap<>();
        for (DirCacheEntry e : index.getEntriesWithin(dir)) present.put(e.getPathString(), true);
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

    /** Writes the edited blobs and the new tree; the caller flushes the inserter. */
    ObjectId writeTree(ObjectInserter inserter) throws IOException {
        DirCacheEditor editor = index.editor();
        for (Map.Entry<String, Optional<byte[]>> e : edits.entrySet()) {
            String path = e.getKey();
            if (e.getValue().isEmpty()) {
                editor.add(new DirCacheEditor.DeletePath(path));
                continue;
            }
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, e.getValue().get());
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry ent) {
                    if (!FileMode.EXECUTABLE_FILE.equals(ent.getFileMode())) ent.setFileMode(FileMode.REGULAR_FILE);
                    ent.setObjectId(blob);
                }
            });
        }
        editor.finish();
        return index.writeTree(inserter);
    }

    private void checkFolders(String path) {
        String[] segments = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String segment : Arrays.copyOf(segments, segments.length - 1)) {
            if (prefix.length() > 0) prefix.append('/');
            prefix.append(segment);
            String folder = prefix.toString();
            DirCacheEntry entry = index.getEntry(folder);
            Optional<byte[]> edited = edits.get(folder);
            if (entry != null && FileMode.SYMLINK.equals(entry.getFileMode())) {
                throw GitopsException.forFile(path, "", "unsafe path: " + folder + " is a symbolic link");
            }
            if (entry != null && FileMode.GITLINK.equals(entry.getFileMode())) {
                throw GitopsException.forFile(path, "", "unsafe path: " + folder + " is a submodule");
            }
            if ((entry != null && (edited == null || edited.isPresent())) || (edited != null && edited.isPresent())) {
                throw GitopsException.forFile(path, "", folder + " is a file, not a folder");
            }
        }
    }

    private static void checkRegular(String path, DirCacheEntry entry) {
        FileMode mode = entry.getFileMode();
        if (FileMode.SYMLINK.equals(mode)) throw GitopsException.forFile(path, "", "unsafe path: it is a symbolic link");
        if (FileMode.GITLINK.equals(mode)) throw GitopsException.forFile(path, "", "unsafe path: it is a submodule");
    }
}
