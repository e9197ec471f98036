package io.jenkins.plugins.gitops.core.pr;

import io.jenkins.plugins.gitops.core.testing.GitCli;
import java.nio.file.Path;

/** What a host's simulator does in the real repository behind it: read a branch, test a merge, merge. */
final class SimulatedRepository {
    private final Path bare;

    SimulatedRepository(Path bare) {
        this.bare = bare;
    }

    /** The branch's tip, or null when it does not exist. */
    String tip(String branch) {
        var r = GitCli.tryRun(bare, "rev-parse", "--verify", "-q", "refs/heads/" + branch);
        return r.exit() == 0 ? r.out().strip() : null;
    }

    /** Whether {@code head} merges into {@code base} without a conflict, as git itself works it out. */
    boolean mergesCleanly(String base, String head) {
        return GitCli.tryRun(bare, "merge-tree", "--write-tree", "refs/heads/" + base, "refs/heads/" + head).exit() == 0;
    }

    /** Merges {@code head} into {@code base} with a merge commit, as a merge button does; returns that commit. */
    String merge(String base, String head, String message) {
        Path work = bare.resolveSibling(bare.getFileName() + "-merge-" + System.nanoTime());
        GitCli.run(bare.getParent(), "clone", "-q", "--branch", base, bare.toString(), work.toString());
        GitCli.run(work, "-c", "user.name=Host", "-c", "user.email=noreply@example.com", "merge", "--no-ff", "-q",
                "-m", message, "origin/" + head);
        GitCli.run(work, "push", "-q", "origin", "HEAD:" + base);
        return GitCli.run(work, "rev-parse", "HEAD").strip();
    }

    /** Squashes {@code head} into one new commit on {@code base}, as a squash merge does; returns that commit. */
    String squash(String base, String head, String message) {
        Path work = bare.resolveSibling(bare.getFileName() + "-squash-" + System.nanoTime());
        GitCli.run(bare.getParent(), "clone", "-q", "--branch", base, bare.toString(), work.toString());
        GitCli.run(work, "merge", "--squash", "-q", "origin/" + head);
        GitCli.run(work, "-c", "user.name=Host", "-c", "user.email=noreply@example.com", "commit", "-q", "-m", message);
        GitCli.run(work, "push", "-q", "origin", "HEAD:" + base);
        return GitCli.run(work, "rev-parse", "HEAD").strip();
    }

    /** Replays {@code head}'s commits on {@code base}, as a rebase merge does; returns the new tip of {@code base}. */
    String rebase(String base, String head) {
        Path work = bare.resolveSibling(bare.getFileName() + "-rebase-" + System.nanoTime());
        GitCli.run(bare.getParent(), "clone", "-q", "--branch", base, bare.toString(), work.toString());
        GitCli.run(work, "-c", "user.name=Host", "-c", "user.email=noreply@example.com", "cherry-pick",
                "origin/" + base + "..origin/" + head);
        GitCli.run(work, "push", "-q", "origin", "HEAD:" + base);
        return GitCli.run(work, "rev-parse", "HEAD").strip();
    }

    /** Merges {@code head} into {@code base} by {@code method} ({@code merge}, {@code squash}, {@code rebase}). */
    String merge(String base, String head, String method, String message) {
        return switch (method) {
            case "squash" -> squash(base, head, message);
            case "rebase" -> rebase(base, head);
            default -> merge(base, head, message);
        };
    }
}
