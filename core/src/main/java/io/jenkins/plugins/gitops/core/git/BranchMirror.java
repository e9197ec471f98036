package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * A bare local copy of one branch of a config repository, fetched on demand, so that the controller can answer
 * "does this applied commit contain ours?" while it waits. It only ever fetches (forced, so that a reset branch is
 * seen as reset); credentials are given per fetch and never stored.
 */
public final class BranchMirror implements AutoCloseable {
    private final String url;
    private final String branch;
    private final TransportOptions options;
    private final Repository repository;

    private BranchMirror(String url, String branch, TransportOptions options, Repository repository) {
        this.url = url;
        this.branch = branch;
        this.options = options;
        this.repository = repository;
    }

    /**
     * The branch the remote's HEAD points at, which is what "the default branch" means when none is named.
     *
     * @throws GitopsException when the URL is not allowed, the remote cannot be listed or its HEAD names no branch
     */
    public static String remoteDefaultBranch(String url, Credentials credentials, TransportOptions options) {
        Urls.checkAllowed(url);
        try (Connection connection = Connection.open(url, credentials, options)) {
            return GitopsCommitter.defaultBranch(connection);
        }
    }

    /** Opens the mirror in {@code dir}, creating an empty bare repository there when there is none. */
    public static BranchMirror open(Path dir, String url, String branch, TransportOptions options) {
        Urls.checkAllowed(url);
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new GitopsException("Not a valid branch name: " + branch);
        }
        try {
            if (!dir.resolve("HEAD").toFile().isFile()) {
                Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
            }
            Repository repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            return new BranchMirror(url, branch, options, repository);
        } catch (IOException | GitAPIException e) {
            throw new GitopsException("Cannot open the mirror of " + Urls.redact(url) + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Repository repository() {
        return repository;
    }

    /** The local ref that {@link #fetch} moves to the remote branch's tip. */
    public String trackingRef() {
        return Constants.R_HEADS + branch;
    }

    /** Brings {@link #trackingRef()} to the remote tip, with its history; one fetch at a time. */
    public void fetch(Credentials credentials) throws IOException {
        fetch(credentials, options.proxy());
    }

    /** As {@link #fetch(Credentials)}, through the proxy of the moment rather than the one the mirror was opened with. */
    public synchronized void fetch(Credentials credentials, HttpProxy proxy) throws IOException {
        try (Connection connection = Connection.open(url, credentials, options.withProxy(proxy));
                Git git = new Git(repository)) {
            try {
                git.fetch().setRemote(connection.uri.toString())
                        .setRefSpecs(new RefSpec("+" + trackingRef() + ":" + trackingRef()))
                        .setTransportConfigCallback(connection::configure)
                        .setTagOpt(TagOpt.NO_TAGS)
                        .call();
            } catch (GitAPIException | RuntimeException e) {
                throw new IOException("Fetch of " + branch + " from " + connection.shownUrl + " failed: "
                        + connection.clean(e.getMessage()));
            }
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
