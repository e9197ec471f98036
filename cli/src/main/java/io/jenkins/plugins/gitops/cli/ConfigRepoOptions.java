package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.BranchMirror;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import picocli.CommandLine.Option;

/**
 * The config repository a wait follows. Reconcilers report only commit ids, so the command keeps a mirror of the
 * branch, with its history, in the cache folder to tell "not yet", "ours" and "a descendant of ours" apart.
 */
final class ConfigRepoOptions {
    @Option(names = "--commit", required = true, paramLabel = "SHA",
            description = "The config repository commit to wait for (what 'gitops commit' printed); may be abbreviated.")
    String commit;

    @Option(names = "--repo", required = true, paramLabel = "URL",
            description = "Config repository URL, as the reconciler knows it.")
    String repo;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Branch the commit was pushed to (default: the remote's default branch).")
    String branch;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Repository cache (default ~/.cache/gitops-bridge).")
    Path cacheDir;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "OpenSSH known_hosts to check SSH host keys against.")
    Path knownHosts;

    @Option(names = "--accept-unknown-hosts", description = "Accept an SSH host key that --known-hosts does not list.")
    boolean acceptUnknownHosts;

    /**
     * Finds {@link #commit} in the branch's mirror, fetching the branch first unless the mirror already has it (another
     * wait on this machine has just fetched it), so that a wrong URL, branch, credential or commit shows before any
     * reconciler is asked, and waits started together do not fetch one after another.
     *
     * @throws GitopsException when the repository cannot be read or does not have the commit
     */
    TrackedCommit open(Map<String, String> env) throws IOException {
        TransportOptions transport = TransportOptions.DEFAULT
                .withKnownHosts(knownHosts == null ? "" : Files.readString(knownHosts, StandardCharsets.UTF_8))
                .withAcceptUnknownHosts(acceptUnknownHosts);
        String branch = this.branch != null && !this.branch.isBlank() ? this.branch
                : BranchMirror.remoteDefaultBranch(repo, Environment.gitCredentials(env), transport);
        Path dir = CacheDir.orDefault(cacheDir).resolve(Urls.cacheKey(repo, branch) + ".mirror.git");
        MirrorLock lock = new MirrorLock(dir);
        BranchMirror mirror = lock.holding(() -> BranchMirror.open(dir, repo, branch, transport));
        try {
            TrackedCommit tracked = new TrackedCommit(null, mirror, Environment.gitCredentials(env), lock);
            String sha = lock.holding(() -> resolve(mirror, commit.trim()));
            if (sha == null) {
                tracked.fetch();
                sha = resolve(mirror, commit.trim());
            }
            if (sha == null) {
                throw new GitopsException("Commit " + commit + " is not on branch " + branch + " of " + Urls.redact(repo)
                        + "; give the id that 'gitops commit' printed");
            }
            return tracked.of(new ConfigCommit(Urls.redact(repo), branch, null, sha));
        } catch (IOException e) {
            mirror.close();
            throw new GitopsException(e.getMessage(), e);
        } catch (RuntimeException e) {
            mirror.close();
            throw e;
        }
    }

    private static String resolve(BranchMirror mirror, String id) throws IOException {
        if (!id.matches("[0-9a-fA-F]{4,64}")) {
            return null;
        }
        try {
            ObjectId found = mirror.repository().resolve(id + "^{commit}");
            return found == null ? null : found.name();
        } catch (AmbiguousObjectException | IncorrectObjectTypeException | MissingObjectException
                | RevisionSyntaxException e) {
            return null;
        }
    }
}
