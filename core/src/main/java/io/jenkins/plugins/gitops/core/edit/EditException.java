package io.jenkins.plugins.gitops.core.edit;

/**
 * A manifest edit that cannot be made. The message always names the file, the path within it and the reason, so that
 * a pipeline author can act on it without a stack trace.
 */
public final class EditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String path;
    private final String reason;

    public EditException(String file, String path, String reason) {
        super(format(file, path, reason));
        this.file = file;
        this.path = path;
        this.reason = reason;
    }

    private static String format(String file, String path, String reason) {
        return path == null || path.isEmpty() ? file + ": " + reason : file + ": " + path + ": " + reason;
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
