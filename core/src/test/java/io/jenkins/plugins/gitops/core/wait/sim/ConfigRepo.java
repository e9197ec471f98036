package io.jenkins.plugins.gitops.core.wait.sim;

import io.jenkins.plugins.gitops.core.wait.JGitAncestry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * The "remote" config repository of a test: a bare repository whose branch {@code main} the simulators follow.
 * Commits are written directly (no working tree); the branch can be reset to simulate force pushes.
 */
public final class ConfigRepo implements AutoCloseable {

    public static final String URL = "https://git.example.com/platform/shop-config.git";
    public static final String BRANCH = "main";

    private final File dir;
    private final Repository repository;
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();

    /** Creates an empty bare repository in {@code dir}. */
    public ConfigRepo(File dir) throws IOException {
        this(dir, createBare(dir));
    }

    private ConfigRepo(File dir, Repository repository) {
        this.dir = dir;
        this.repository = repository;
    }

    /** Follows an existing bare repository, for example one a demo seeded with manifests. */
    public static ConfigRepo open(File dir) throws IOException {
        return new ConfigRepo(dir, new FileRepositoryBuilder().setGitDir(dir).setMustExist(true).build());
    }

    private static Repository createBare(File dir) throws IOException {
        Repository repository = FileRepositoryBuilder.create(dir);
        repository.create(true);
        RefUpdate head = repository.updateRef(Constants.HEAD);
        head.link("refs/heads/" + BRANCH);
        return repository;
    }

    /** Adds a commit on top of {@code main} and returns its id. */
    public synchronized String commit(String message) throws IOException {
        ObjectId parent = repository.resolve("refs/heads/" + BRANCH);
        return commitOn(parent == null ? null : parent.name(), message, true);
    }

    /** Adds a commit on top of {@code parent}; moves {@code main} to it when {@code moveBranch}. */
    public synchronized String commitOn(String parent, String message, boolean moveBranch) throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB,
                    (message + " " + counter.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
            TreeFormatter tree = new TreeFormatter();
            tree.append("values.yaml", FileMode.REGULAR_FILE, blob);
            ObjectId treeId = inserter.insert(tree);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(treeId);
            if (parent != null) {
                commit.setParentId(ObjectId.fromString(parent));
            }
            PersonIdent who = new PersonIdent("Jenkins", "jenkins@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            if (moveBranch) {
                resetTo(id.name());
            }
            return id.name();
        }
    }

    /** Points {@code main} at {@code sha}, like a force push. */
    public synchronized void resetTo(String sha) throws IOException {
        RefUpdate update = repository.updateRef("refs/heads/" + BRANCH);
        update.setNewObjectId(ObjectId.fromString(sha));
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.FAST_FORWARD
                && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot move main: " + result);
        }
    }

    public synchronized String head() throws IOException {
        return repository.resolve("refs/heads/" + BRANCH).name();
    }

    /** The text of {@code path} at {@code revision}, or null when it has no such file. */
    public synchronized String read(String revision, String path) throws IOException {
        ObjectId id = repository.resolve(revision + ":" + path);
        return id == null ? null : new String(repository.open(id).getBytes(), StandardCharsets.UTF_8);
    }

    /** Number of fetches done by ancestries created by {@link #ancestry(File)}. */
    public int fetches() {
        return fetches.get();
    }

    /** A JGit ancestry over a fresh bare clone in {@code cloneDir} (made now, so later commits need a fetch). */
    public JGitAncestry ancestry(File cloneDir) throws IOException {
        try {
            Git.cloneRepository().setBare(true).setURI(dir.toURI().toString()).setDirectory(cloneDir).call().close();
        } catch (GitAPIException e) {
            throw new IOException(e);
        }
        Repository clone = FileRepositoryBuilder.create(cloneDir);
        return new JGitAncestry(clone, "refs/heads/" + BRANCH, repo -> {
            fetches.incrementAndGet();
            try (Git git = Git.wrap(repo)) {
                git.fetch().setRemote(new URIish(dir.toURI().toURL()).toString())
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*")).call();
            } catch (GitAPIException | java.net.MalformedURLException e) {
                throw new IOException(e);
            }
        });
    }

    @Override
    public void close() {
        repository.close();
    }
}
