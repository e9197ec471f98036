package io.jenkins.plugins.gitops.core.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * After a rejected push the changes are re-applied on the new tip; where someone else changed a file we change in
 * between, a three-way merge tells whether the re-applied content keeps their edit, and if not, the caller is warned
 * with their commit's name.
 */
final class Overwrites {
    private Overwrites() {}

    /**
     * Compares {@code m}'s previous attempt (on {@code m.previousTip}) with {@code now} (on {@code tip}). A file that
     * an earlier request of the same group changes in either attempt is left to that request's check.
     */
    static void warn(QueuedCommit m, RevWalk walk, RevCommit tip, QueuedCommit.Built now) throws IOException {
        ObjectReader reader = walk.getObjectReader();
        for (String file : now.diff().files()) {
            ObjectId before = blob(reader, m.previousTip, file);
            ObjectId theirs = blob(reader, tip, file);
            if (Objects.equals(before, theirs)) continue;
            if (!Objects.equals(before, blob(reader, m.previousParent, file))
                    || !Objects.equals(theirs, blob(reader, now.parent(), file))) {
                continue;
            }
            byte[] base = content(reader, before);
            byte[] theirContent = content(reader, theirs);
            byte[] oursBefore = m.previous.edited(file) == null ? base : m.previous.edited(file).orElse(new byte[0]);
            byte[] oursNow = now.workspace().edited(file) == null ? theirContent
                    : now.workspace().edited(file).orElse(new byte[0]);
            if (keepsTheirs(base, oursBefore, theirContent, oursNow)) continue;
            RevCommit other = lastCommitTouching(walk, reader, tip, m.previousTip, file);
            m.warn("Overwriting " + file + " as changed by " + (other == null ? abbrev(tip) : other.name())
                    + (other == null ? "" : " (" + other.getShortMessage() + ")")
                    + " after our base " + abbrev(m.previousTip) + ": our change was re-applied on top of it");
        }
    }

    private static boolean keepsTheirs(byte[] base, byte[] ours, byte[] theirs, byte[] result) throws IOException {
        MergeResult<RawText> merged = new MergeAlgorithm().merge(RawTextComparator.DEFAULT, new RawText(base),
                new RawText(ours), new RawText(theirs));
        if (merged.containsConflicts()) return false;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MergeFormatter().formatMerge(out, merged, "base", "ours", "theirs", StandardCharsets.UTF_8);
        return Arrays.equals(out.toByteArray(), result);
    }

    private static RevCommit lastCommitTouching(RevWalk walk, ObjectReader reader, RevCommit tip, RevCommit stop,
            String file) throws IOException {
        RevCommit c = tip;
        for (int i = 0; i < BranchCache.IDEMPOTENCY_WINDOW && c != null && !c.equals(stop); i++) {
            walk.parseHeaders(c);
            if (c.getParentCount() == 0) return c;
            RevCommit parent = walk.parseCommit(c.getParent(0));
            walk.parseCommit(c);
            if (!Objects.equals(blob(reader, c, file), blob(reader, parent, file))) {
                walk.parseBody(c);
                return c;
            }
            c = parent;
        }
        return null;
    }

    private static ObjectId blob(ObjectReader reader, RevCommit commit, String file) throws IOException {
        if (commit == null) return null;
        try (TreeWalk tw = TreeWalk.forPath(reader, file, commit.getTree())) {
            return tw == null ? null : tw.getObjectId(0);
        }
    }

    private static byte[] content(ObjectReader reader, ObjectId blob) throws IOException {
        return blob == null ? new byte[0] : reader.open(blob, Constants.OBJ_BLOB).getBytes();
    }

    private static String abbrev(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
