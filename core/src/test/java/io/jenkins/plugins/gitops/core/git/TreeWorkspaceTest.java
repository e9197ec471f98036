package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.Test;

/**
 * The tree workspace reads and rewrites only the folders on the way to the edited files. It must behave exactly like
 * editing a full index of the commit (what it replaced): same answers, same refusals, same resulting tree. Random
 * sequences of reads, writes, removals and listings are run against both.
 */
public class TreeWorkspaceTest {
    private static final String[] PATHS = {
        "README.md", "apps/a.yaml", "apps/b.yaml", "apps/run.sh", "apps/new.yaml", "apps/deep/x.yaml",
        "apps/deep/y.yaml", "apps/deep/more/z.yaml", "apps/deep", "apps", "apps/a.yaml/inside", "link", "link/x",
        "sub", "sub/file", "other/c.yaml", "other", "z-last", "apps-b/q.yaml", "apps.d/r.yaml", "fresh/new/f.yaml",
        "fresh", "fresh/new", "Apps/Upper.yaml", "apps/deep/more",
    };

    @Test
    public void behavesLikeAFullIndex() throws Exception {
        try (Repository repo = new InMemoryRepository(new DfsRepositoryDescription("t"));
                ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader()) {
            ObjectId base = baseTree(inserter);
            inserter.flush();
            for (int seed = 0; seed < 2000; seed++) {
                Random random = new Random(seed);
                TreeWorkspace actual = new TreeWorkspace(reader, base);
                IndexWorkspace expected = new IndexWorkspace(reader, base);
                List<String> trace = new ArrayList<>();
                for (int step = 0; step < 1 + random.nextInt(8); step++) {
                    String path = PATHS[random.nextInt(PATHS.length)];
                    int op = random.nextInt(4);
                    byte[] content = ("v" + seed + "-" + step + "\n").getBytes(StandardCharsets.UTF_8);
                    trace.add(op + " " + path);
                    assertEquals(String.join(", ", trace), outcome(() -> apply(expected, op, path, content)),
                            outcome(() -> apply(actual, op, path, content)));
                }
                String tree = outcome(() -> expected.writeTree(inserter).name());
                assertEquals(String.join(", ", trace), tree, outcome(() -> actual.writeTree(inserter).name()));
            }
        }
    }

    /** Sequences that random ones seldom reach: a folder emptied and replaced by a file, and the reverse. */
    @Test
    public void folderAndFileSwapPlaces() throws Exception {
        String[][] scenarios = {
            {"2 apps/deep/x.yaml", "2 apps/deep/more/z.yaml", "1 apps/deep", "0 apps/deep"},
            {"2 apps/deep/x.yaml", "1 apps/deep", "0 apps/deep"},
            {"2 apps/a.yaml", "1 apps/a.yaml/inside", "3 apps/a.yaml"},
            {"2 z-last", "1 z-last/now-a-folder.yaml", "2 z-last/now-a-folder.yaml", "1 z-last"},
            {"1 apps/run.sh", "1 apps/new.yaml", "2 README.md", "1 fresh/new/f.yaml", "3 apps"},
            {"2 README.md", "2 apps-b/q.yaml", "2 apps.d/r.yaml", "2 z-last", "2 Apps/Upper.yaml", "2 apps/a.yaml",
                "2 apps/b.yaml", "2 apps/run.sh", "2 apps/deep/x.yaml", "2 apps/deep/more/z.yaml", "2 link", "2 sub"},
        };
        try (Repository repo = new InMemoryRepository(new DfsRepositoryDescription("t"));
                ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader()) {
            ObjectId base = baseTree(inserter);
            inserter.flush();
            for (String[] scenario : scenarios) {
                TreeWorkspace actual = new TreeWorkspace(reader, base);
                IndexWorkspace expected = new IndexWorkspace(reader, base);
                for (String step : scenario) {
                    int op = step.charAt(0) - '0';
                    String path = step.substring(2);
                    byte[] content = "new\n".getBytes(StandardCharsets.UTF_8);
                    assertEquals(step, outcome(() -> apply(expected, op, path, content)),
                            outcome(() -> apply(actual, op, path, content)));
                }
                assertEquals(String.join(", ", scenario), outcome(() -> expected.writeTree(inserter).name()),
                        outcome(() -> actual.writeTree(inserter).name()));
            }
        }
    }

    @Test
    public void untouchedTreeIsTheBase() throws Exception {
        try (Repository repo = new InMemoryRepository(new DfsRepositoryDescription("t"));
                ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader()) {
            ObjectId base = baseTree(inserter);
            inserter.flush();
            TreeWorkspace w = new TreeWorkspace(reader, base);
            w.read("apps/deep/x.yaml");
            assertEquals(base, w.writeTree(inserter));
            w.remove("apps/none.yaml");
            assertEquals(base, w.writeTree(inserter));
        }
    }

    private interface Op {
        String run() throws Exception;
    }

    private static String outcome(Op op) {
        try {
            return op.run();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String apply(Object w, int op, String path, byte[] content) throws Exception {
        if (w instanceof TreeWorkspace t) {
            switch (op) {
                case 0: return show(t.read(path));
                case 1: t.write(path, content); return "written";
                case 2: t.remove(path); return "removed";
                default: return t.listFiles(path).toString();
            }
        }
        IndexWorkspace i = (IndexWorkspace) w;
        switch (op) {
            case 0: return show(i.read(path));
            case 1: i.write(path, content); return "written";
            case 2: i.remove(path); return "removed";
            default: return i.listFiles(path).toString();
        }
    }

    private static String show(Optional<byte[]> content) {
        return content.map(b -> new String(b, StandardCharsets.UTF_8)).orElse("(none)");
    }

    private static ObjectId baseTree(ObjectInserter inserter) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder b = index.builder();
        add(b, inserter, "README.md", FileMode.REGULAR_FILE, "readme\n");
        add(b, inserter, "apps/a.yaml", FileMode.REGULAR_FILE, "a: 1\n");
        add(b, inserter, "apps/b.yaml", FileMode.REGULAR_FILE, "b: 1\n");
        add(b, inserter, "apps/run.sh", FileMode.EXECUTABLE_FILE, "#!/bin/sh\n");
        add(b, inserter, "apps/deep/x.yaml", FileMode.REGULAR_FILE, "x\n");
        add(b, inserter, "apps/deep/more/z.yaml", FileMode.REGULAR_FILE, "z\n");
        add(b, inserter, "apps-b/q.yaml", FileMode.REGULAR_FILE, "q\n");
        add(b, inserter, "apps.d/r.yaml", FileMode.REGULAR_FILE, "r\n");
        add(b, inserter, "link", FileMode.SYMLINK, "apps");
        add(b, inserter, "Apps/Upper.yaml", FileMode.REGULAR_FILE, "upper\n");
        DirCacheEntry sub = new DirCacheEntry("sub");
        sub.setFileMode(FileMode.GITLINK);
        sub.setObjectId(ObjectId.fromString("0123456789012345678901234567890123456789"));
        b.add(sub);
        add(b, inserter, "z-last", FileMode.REGULAR_FILE, "z\n");
        b.finish();
        return index.writeTree(inserter);
    }

    private static void add(DirCacheBuilder b, ObjectInserter inserter, String path, FileMode mode, String content)
            throws IOException {
        DirCacheEntry e = new DirCacheEntry(path);
        e.setFileMode(mode);
        e.setObjectId(inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
        b.add(e);
    }

    /** The previous implementation, over an index of every file of the commit: the oracle. */
    private static final class IndexWorkspace {
        private final ObjectReader reader;
        private final DirCache index;
        private final TreeMap<String, Optional<byte[]>> edits = new TreeMap<>();

        IndexWorkspace(ObjectReader reader, ObjectId tree) throws IOException {
            this.reader = reader;
            this.index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, tree);
            builder.finish();
        }

        Optional<byte[]> read(String path) throws IOException {
            checkFolders(path);
            Optional<byte[]> edited = edits.get(path);
            if (edited != null) return edited;
            DirCacheEntry entry = index.getEntry(path);
            if (entry == null) return Optional.empty();
            checkRegular(path, entry);
            return Optional.of(reader.open(entry.getObjectId(), Constants.OBJ_BLOB).getBytes());
        }

        void write(String path, byte[] content) {
            checkFolders(path);
            DirCacheEntry entry = index.getEntry(path);
            if (entry != null) checkRegular(path, entry);
            if (!listFiles(path).isEmpty()) throw GitopsException.forFile(path, "", "is a folder in the repository, not a file");
            edits.put(path, Optional.of(content.clone()));
        }

        void remove(String path) {
            checkFolders(path);
            DirCacheEntry entry = index.getEntry(path);
            if (entry != null) checkRegular(path, entry);
            edits.put(path, Optional.empty());
        }

        List<String> listFiles(String dir) {
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
}
