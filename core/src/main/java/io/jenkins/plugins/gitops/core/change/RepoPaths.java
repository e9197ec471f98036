package io.jenkins.plugins.gitops.core.change;

import io.jenkins.plugins.gitops.core.git.GitopsException;
import java.util.Locale;

/** Checks that a path given by a pipeline stays inside the repository and out of git's own files. */
public final class RepoPaths {
    private RepoPaths() {}

    /** Returns the path without a leading {@code ./} or trailing {@code /}, or throws naming the path and the reason. */
    public static String check(String path) {
        if (path == null || path.isBlank()) throw GitopsException.forFile("", "", "empty file path");
        String p = path;
        if (p.indexOf('\\') >= 0) throw bad(path, "backslashes are not allowed; use /");
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) throw bad(path, "absolute paths are not allowed; use a path relative to the repository root");
        if (p.indexOf('\0') >= 0 || p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) throw bad(path, "control characters are not allowed");
        while (p.startsWith("./")) p = p.substring(2);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty() || p.equals(".")) throw bad(path, "the repository root is not a file");
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) throw bad(path, "empty or '.' path segments are not allowed");
            if (segment.equals("..")) throw bad(path, "'..' would leave the repository");
            if (segment.toLowerCase(Locale.ROOT).equals(".git")) throw bad(path, "files under .git cannot be changed");
        }
        return p;
    }

    private static GitopsException bad(String path, String reason) {
        return GitopsException.forFile(path, "", "unsafe path: " + reason);
    }
}
