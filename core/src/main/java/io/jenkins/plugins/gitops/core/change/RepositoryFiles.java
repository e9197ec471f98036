package io.jenkins.plugins.gitops.core.change;

import java.util.List;
import java.util.Optional;

/**
 * The files of one repository revision as changes see them: paths are repository-relative with {@code /}, already
 * checked by {@link RepoPaths}. Implementations refuse paths that cross a symbolic link or a file.
 */
public interface RepositoryFiles {
    Optional<byte[]> read(String path);

    void write(String path, byte[] content);

    /** Removes the file; does nothing when there is none. */
    void remove(String path);

    /** Every file below the folder {@code dir}, as full paths. */
    List<String> listFiles(String dir);
}
