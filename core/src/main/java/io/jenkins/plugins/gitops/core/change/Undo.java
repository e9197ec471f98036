package io.jenkins.plugins.gitops.core.change;

import io.jenkins.plugins.gitops.core.edit.EditException;
import io.jenkins.plugins.gitops.core.edit.ManifestEdits;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Undoes one commit on the files of today's tip, declaratively, so that it can be applied again when the tip moves:
 * a file that is still as the commit left it gets back what the commit replaced (its bytes, or its absence); in a file
 * that someone changed since, only the values the commit recorded ({@link Replaced}) that still hold what it wrote are
 * set back. Anything else someone changed since is left as it is and reported: a revert never undoes another's work.
 *
 * @param commit       the commit undone, for messages
 * @param files        every file the commit changed
 * @param allowPartial whether to undo what can be undone when something cannot; else nothing is changed
 */
public record Undo(String commit, List<FileUndo> files, boolean allowPartial) implements Change {
    public Undo {
        files = List.copyOf(files);
    }

    /**
     * One file the commit changed: its bytes in the commit ({@code ours}) and in its parent ({@code before}), null
     * where the file is absent, and the values the commit recorded for it.
     */
    public record FileUndo(String file, byte[] ours, byte[] before, List<Replaced> values) {
        public FileUndo {
            values = List.copyOf(values);
        }
    }

    /** Something that stays as it is, and why. {@code path} is empty for a whole file. */
    public record Kept(String file, String path, String reason) {
        public String describe() {
            return file + (path.isEmpty() ? "" : " " + path) + ": " + reason;
        }
    }

    /** What undoing on some files comes to. */
    public record Report(List<String> restored, List<Kept> kept, List<String> alreadyUndone) {
        public Report {
            restored = List.copyOf(restored);
            kept = List.copyOf(kept);
            alreadyUndone = List.copyOf(alreadyUndone);
        }
    }

    @Override
    public String describe() {
        return "revert " + commit;
    }

    /** What undoing on {@code current} would restore, keep and find undone already, without writing anything. */
    public Report evaluate(RepositoryFiles current) {
        return plan(current).report();
    }

    /** Undoes on {@code current}; the files it writes or removes. */
    List<String> apply(RepositoryFiles current, Consumer<String> warnings) {
        Plan plan = plan(current);
        if (!plan.report().kept().isEmpty()) {
            StringBuilder what = new StringBuilder();
            for (Kept k : plan.report().kept()) what.append("\n  ").append(k.describe());
            if (!allowPartial) {
                throw new GitopsException("Cannot revert " + commit + " entirely: someone changed what it wrote since,"
                        + " and a revert leaves their work alone:" + what + "\nNothing was reverted" + (plan.writes().isEmpty()
                        ? "; nothing else of it is left to restore" : "; revert with partial 'allow' to restore the rest"));
            }
            warnings.accept("Not reverted, changed since " + commit + ":" + what);
        }
        plan.writes().forEach((file, bytes) -> {
            if (bytes == null) current.remove(file);
            else current.write(file, bytes);
        });
        return List.copyOf(plan.writes().keySet());
    }

    private record Plan(Report report, Map<String, byte[]> writes) {}

    private Plan plan(RepositoryFiles current) {
        List<String> restored = new ArrayList<>();
        List<Kept> kept = new ArrayList<>();
        List<String> undone = new ArrayList<>();
        Map<String, byte[]> writes = new LinkedHashMap<>();
        for (FileUndo f : files) {
            byte[] now = current.read(f.file()).orElse(null);
            if (Arrays.equals(now, f.ours())) {
                writes.put(f.file(), f.before());
                restored.add(f.file());
            } else if (Arrays.equals(now, f.before())) {
                undone.add(f.file());
            } else if (now == null) {
                kept.add(new Kept(f.file(), "", "removed since"));
            } else if (!valuesAlone(f)) {
                kept.add(new Kept(f.file(), "", whyWholeFile(f)));
            } else {
                byte[] edited = now;
                for (Replaced v : f.values()) {
                    try {
                        String value = ManifestEdits.valueAt(f.file(), edited, v.path(), v.document()).orElse(null);
                        if (Objects.equals(value, v.now())) {
                            edited = ManifestEdits.setValue(f.file(), edited, v.path(), v.was(), v.document());
                            restored.add(f.file() + " " + v.path());
                        } else if (Objects.equals(value, v.was())) {
                            undone.add(f.file() + " " + v.path());
                        } else {
                            kept.add(new Kept(f.file(), v.path(), "is " + shown(value) + " now; the commit wrote "
                                    + shown(v.now()) + ", so someone changed it since"));
                        }
                    } catch (EditException e) {
                        kept.add(new Kept(f.file(), v.path(), e.reason()));
                    }
                }
                if (!Arrays.equals(edited, now)) writes.put(f.file(), edited);
            }
        }
        return new Plan(new Report(restored, kept, undone), writes);
    }

    /**
     * Whether the commit changed the file in its recorded values and nowhere else: setting them back on the commit's
     * bytes gives the parent's bytes exactly.
     */
    private static boolean valuesAlone(FileUndo f) {
        if (f.values().isEmpty() || f.ours() == null || f.before() == null) return false;
        byte[] undone = f.ours();
        try {
            for (Replaced v : f.values()) {
                // Trailers are text anyone can write: each must say what the commit's own bytes hold.
                if (v.was() == null || !Objects.equals(v.now(),
                        ManifestEdits.valueAt(f.file(), f.ours(), v.path(), v.document()).orElse(null))) {
                    return false;
                }
                undone = ManifestEdits.setValue(f.file(), undone, v.path(), v.was(), v.document());
            }
        } catch (EditException e) {
            return false;
        }
        return Arrays.equals(undone, f.before());
    }

    /** Why a file someone changed since is left whole. */
    private static String whyWholeFile(FileUndo f) {
        if (f.values().isEmpty()) return "changed since";
        if (f.before() == null) return "changed since; the commit created it";
        for (Replaced v : f.values()) {
            if (v.was() == null) {
                return "changed since; the commit added " + v.path() + ", which a revert does not take out of a file"
                        + " someone else changed";
            }
        }
        return "changed since, and the commit changed more of it than the values it recorded";
    }

    /** A value as messages show it: quoted, and cut short, since it lands in logs and build records. */
    private static String shown(String value) {
        if (value == null) return "absent";
        return "\"" + (value.length() > 60 ? value.substring(0, 40) + "…" : value) + "\"";
    }
}
