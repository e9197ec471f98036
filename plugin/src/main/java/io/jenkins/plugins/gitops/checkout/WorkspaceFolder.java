package io.jenkins.plugins.gitops.checkout;

import hudson.AbortException;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folder of the workspace that a config repository is checked out into: a relative path that stays inside the
 * workspace, by default the repository's name as {@code git clone} would choose it.
 */
final class WorkspaceFolder {
    static final String FALLBACK = "gitops-config";

    private WorkspaceFolder() {}

    /** {@code dir} made canonical ({@code ./config/} → {@code config}), or the default for {@code url} when blank. */
    static String of(String dir, String url) throws AbortException {
        if (dir == null || dir.isBlank()) return defaultFor(url);
        String d = dir.trim().replace('\\', '/');
        if (d.startsWith("/") || d.matches("^[A-Za-z]:.*")) {
            throw refused(dir, "it is absolute; give a folder relative to the workspace");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : d.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) throw refused(dir, "'..' would leave the workspace");
            segments.add(segment);
        }
        if (segments.isEmpty()) throw refused(dir, "it is the workspace itself; give a folder inside it");
        return String.join("/", segments);
    }

    /** The last segment of the repository's path without {@code .git}: {@code shop-config} for {@code …/shop-config.git}. */
    static String defaultFor(String url) {
        String path = url == null ? "" : url.trim().replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*", "")
                .replaceFirst("^[^/:]*:", "").replaceAll("[/\\\\]+$", "").replaceAll("\\.git$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") ? name : FALLBACK;
    }

    /**
     * The folder on the node that holds the workspace; refuses a path through a symbolic link, which could lead out of
     * the workspace.
     */
    static Path resolve(Path workspace, String dir) {
        Path root = workspace.toAbsolutePath().normalize();
        Path folder = root.resolve(dir).normalize();
        if (!folder.startsWith(root) || folder.equals(root)) {
            throw new GitopsException("Folder " + dir + " is not inside the workspace " + root);
        }
        for (Path p = folder; !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new GitopsException("Folder " + dir + " goes through the symbolic link " + root.relativize(p)
                        + "; give a real folder of the workspace");
            }
        }
        return folder;
    }

    private static AbortException refused(String dir, String reason) {
        return new AbortException(ConfigCheckout.FUNCTION + ": dir '" + dir + "' is refused: " + reason);
    }
}
