package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The git repository in a checkout folder: opened only when its {@code origin} is the expected repository, its files
 * staged into a tree, and reset to a commit. Its config names the remote without user-info, so that no credential is
 * ever written there.
 */
final class WorkTree {
    private WorkTree() {}

    /** A new repository in {@code folder} whose {@code origin} is {@code url} without user-info. */
    static Repository init(Path folder, String url, String branch) throws IOException, GitAPIException {
        Repository repo = Git.init().setDirectory(folder.toFile()).setInitialBranch(branch).call().getRepository();
        StoredConfig config = repo.getConfig();
        config.setString("remote", "origin", "url", Urls.redact(url.trim()));
        config.setString("remote", "origin", "fetch", "+" + Constants.R_HEADS + branch + ":" + tracking(branch));
        config.setString("branch", branch, "remote", "origin");
        config.setString("branch", branch, "merge", Constants.R_HEADS + branch);
        config.save();
        return repo;
    }

    /** The repository in {@code folder}, which must be a checkout of {@code url}. */
    static Repository open(Path folder, String url) {
        Path gitDir = folder.resolve(Constants.DOT_GIT);
        if (!Files.isDirectory(gitDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new GitopsException(folder + " holds no checkout of " + Urls.redact(url));
        }
        Repository repo;
        try {
            repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(folder.toFile()).setMustExist(true).build();
        } catch (IOException | RuntimeException e) {
            throw new GitopsException("Cannot open the checkout in " + folder + " (" + e.getMessage() + "); delete the folder");
        }
        String origin = repo.getConfig().getString("remote", "origin", "url");
        if (!sameRepository(origin, url)) {
            repo.close();
            throw new GitopsException(folder + " holds a checkout of " + (origin == null ? "another repository" : Urls.redact(origin))
                    + ", not of " + Urls.redact(url) + "; choose another folder");
        }
        return repo;
    }

    static boolean isEmptyFolder(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    static boolean holdsRepository(Path folder) {
        return Files.isDirectory(folder.resolve(Constants.DOT_GIT), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean sameRepository(String origin, String url) {
        if (origin == null) return false;
        try {
            return Urls.normalize(origin).equals(Urls.normalize(url));
        } catch (GitopsException e) {
            return false;
        }
    }

    static String tracking(String branch) {
        return "refs/remotes/origin/" + branch;
    }

    /**
     * Makes {@code branch} point at {@code commit}, checks it out and resets the files to it; with {@code clean}, also
     * removes every untracked file, ignored ones too, so that the folder is exactly the commit.
     */
    static void resetTo(Repository repo, String branch, ObjectId commit, boolean clean) throws IOException, GitAPIException {
        RefUpdate local = repo.updateRef(Constants.R_HEADS + branch);
        local.setNewObjectId(commit);
        local.setForceUpdate(true);
        local.update();
        repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
        try (Git git = new Git(repo)) {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
            if (clean) git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
        }
    }

    static void setTracking(Repository repo, String branch, ObjectId commit) throws IOException {
        RefUpdate u = repo.updateRef(tracking(branch));
        u.setNewObjectId(commit);
        u.setForceUpdate(true);
        u.update();
    }

    /**
     * Stages every file of the work tree as {@code git add -A} would (new, modified and deleted files; ignored files
     * stay out unless tracked; symbolic links are recorded as links, never followed) and writes the tree.
     */
    static ObjectId stage(Repository repo) throws IOException, GitAPIException {
        try (Git git = new Git(repo)) {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
        }
        DirCache index = repo.readDirCache();
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }

    /**
     * Refuses what a config repository must not receive from a build: symbolic links that lead out of the repository
     * or into {@code .git}, and nested repositories. Only entries that differ from {@code baseTree} are checked.
     */
    static void checkSafe(Repository repo, ObjectId baseTree, ObjectId tree) throws IOException {
        List<String> problems = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(baseTree);
            walk.addTree(tree);
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                FileMode mode = walk.getFileMode(1);
                String path = walk.getPathString();
                if (FileMode.GITLINK.equals(mode)) {
                    problems.add(path + " is a nested git repository");
                } else if (FileMode.SYMLINK.equals(mode)) {
                    String target = new String(repo.open(walk.getObjectId(1), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
                    if (leavesRepository(path, target)) {
                        problems.add(path + " is a symbolic link to " + target + ", outside the repository");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new GitopsException("Unsafe change, nothing pushed: " + String.join("; ", problems));
        }
    }

    /** Whether a link at {@code path} to {@code target} resolves outside the repository or into {@code .git}. */
    static boolean leavesRepository(String path, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.startsWith("\\") || target.matches("^[A-Za-z]:.*")) {
            return true;
        }
        Deque<String> resolved = new ArrayDeque<>(List.of(path.split("/")));
        resolved.removeLast();
        for (String segment : target.split("[/\\\\]")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) {
                if (resolved.isEmpty()) return true;
                resolved.removeLast();
            } else {
                resolved.addLast(segment);
            }
        }
        return !resolved.isEmpty() && resolved.getFirst().equalsIgnoreCase(Constants.DOT_GIT);
    }
}
