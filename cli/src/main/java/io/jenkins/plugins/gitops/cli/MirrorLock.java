package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.GitopsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Several {@code gitops wait} processes on one machine may share a mirror (parallel jobs on one agent); git refuses
 * concurrent ref updates, so opening and fetching take a file lock next to the mirror.
 */
final class MirrorLock {
    private final Path lockFile;

    MirrorLock(Path mirrorDir) {
        this.lockFile = mirrorDir.resolveSibling(mirrorDir.getFileName() + ".mutex");
    }

    /** Something done under the lock. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws IOException;
    }

    <T> T holding(Action<T> action) throws IOException {
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            return action.run();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new GitopsException("The mirror lock " + lockFile + " is already held in this process", e);
        }
    }
}
