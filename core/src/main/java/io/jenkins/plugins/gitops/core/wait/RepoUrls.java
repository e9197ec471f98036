package io.jenkins.plugins.gitops.core.wait;

import java.util.Locale;

/**
 * Compares Git repository URLs the way people mean them: {@code HTTPS://Git.Example.com/a/b.git/} and
 * {@code https://git.example.com/a/b} are the same repository, and so is {@code git@git.example.com:a/b.git}.
 */
public final class RepoUrls {

    private RepoUrls() {
    }

    public static boolean sameRepository(String a, String b) {
        return a != null && b != null && normalize(a).equals(normalize(b));
    }

    /** Host (lower case) and path without scheme, user, port of well-known schemes, trailing slash or {@code .git}. */
    public static String normalize(String url) {
        String u = url.trim();
        int scheme = u.indexOf("://");
        String rest;
        if (scheme >= 0) {
            rest = u.substring(scheme + 3);
        } else if (u.matches("^[^/]+@[^/:]+:.*")) {
            rest = u.replaceFirst(":", "/");
        } else {
            rest = u;
        }
        int at = rest.indexOf('@');
        int slash = rest.indexOf('/');
        if (at >= 0 && (slash < 0 || at < slash)) {
            rest = rest.substring(at + 1);
            slash = rest.indexOf('/');
        }
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        host = host.toLowerCase(Locale.ROOT).replaceFirst(":(443|80|22)$", "");
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return host + path;
    }
}
