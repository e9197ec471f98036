package io.jenkins.plugins.gitops.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Creates bare repositories with the {@code git} CLI, and commits to them the way another person would. */
public final class TestRepos {
    private TestRepos() {}

    /** A bare repository {@code root/name} whose branch {@code main} holds the given files; returns its path. */
    public static Path createBare(Path root, String name, Map<String, String> files) {
        try {
            Path bare = root.resolve(name);
            Files.createDirectories(bare);
            GitCli.run(bare, "init", "-q", "--bare", "-b", "main");
            GitCli.run(bare, "config", "receive.denyNonFastForwards", "true");
            Path work = Files.createTempDirectory(root, "seed");
            GitCli.run(work, "init", "-q", "-b", "main");
            commitFiles(work, "seed", files);
            GitCli.run(work, "push", "-q", bare.toUri().toString(), "main");
            return bare;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clones {@code bare} into a fresh folder under {@code root}, changes files, commits and pushes; returns the SHA. */
    public static String pushChange(Path root, Path bare, String message, Map<String, String> files) {
        try {
            Path work = Files.createTempDirectory(root, "other");
            GitCli.run(work, "clone", "-q", bare.toUri().toString(), ".");
            commitFiles(work, message, files);
            GitCli.run(work, "push", "-q", "origin", "HEAD:main");
            return GitCli.run(work, "rev-parse", "HEAD").strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void commitFiles(Path work, String message, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        GitCli.run(work, "add", "-A");
        GitCli.run(work, "commit", "-q", "--allow-empty", "-m", message);
    }

    public static String show(Path bare, String rev, String file) {
        return GitCli.run(bare, "show", rev + ":" + file);
    }
}
