package io.jenkins.plugins.gitops.core.git;

/**
 * A gitops transaction that could not be completed. The message is one line that names what failed (file, path,
 * repository URL without credentials) and why, so that it can be shown to a pipeline author as is. When this is
 * thrown, nothing was pushed.
 */
public class GitopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GitopsException(String message) {
        super(oneLine(message));
    }

    public GitopsException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** A failure about one file: {@code file: path: reason}, leaving out the parts that are empty. */
    public static GitopsException forFile(String file, String path, String reason) {
        StringBuilder s = new StringBuilder();
        if (file != null && !file.isEmpty()) s.append(file).append(": ");
        if (path != null && !path.isEmpty()) s.append(path).append(": ");
        return new GitopsException(s.append(reason).toString());
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
