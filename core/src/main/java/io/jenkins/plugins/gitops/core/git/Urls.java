package io.jenkins.plugins.gitops.core.git;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/** Repository URL helpers: keep credentials out of anything printed or stored, and give one name to one repository. */
public final class Urls {
    /** System property that lets {@code file:} URLs and local paths through, for tests and local experiments. */
    public static final String ALLOW_FILE_URLS = "gitops.allowFileUrls";

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]*@");

    private Urls() {}

    /** The URL without its user-info ({@code https://user:token@host/x} → {@code https://host/x}). Never fails. */
    public static String redact(String url) {
        if (url == null) return null;
        return USER_INFO.matcher(url).replaceFirst("");
    }

    /** Replaces every URL-with-user-info in a free text (an exception message, for example) by its redacted form. */
    public static String redactAll(String text) {
        if (text == null) return null;
        return text.replaceAll("(?<=://)[^/@\\s]*@", "");
    }

    /** True for {@code file:} URLs and plain local paths, which only tests may use. */
    public static boolean isLocal(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("file:")) return true;
        if (u.matches("^[a-z][a-z0-9+.-]*://.*")) return false;
        // scp-like "user@host:path" is SSH; anything else without a scheme is a local path
        return !u.matches("^[^/\\\\]+:.*") || u.matches("^[a-z]:[\\\\/].*");
    }

    /** Throws unless the URL is remote, or local URLs are allowed by {@value #ALLOW_FILE_URLS}. */
    public static void checkAllowed(String url) {
        if (url == null || url.isBlank()) throw new GitopsException("No repository URL given");
        if (isLocal(url) && !Boolean.getBoolean(ALLOW_FILE_URLS)) {
            throw new GitopsException("Refusing local repository " + redact(url)
                    + ": only https, http and ssh URLs are allowed (set -D" + ALLOW_FILE_URLS + "=true for tests)");
        }
    }

    /** A parsed URL without user-info; the password, if any, stays out of it. */
    static URIish withoutUserInfo(String url) {
        try {
            URIish u = new URIish(url.trim());
            if (u.getScheme() != null && u.getScheme().startsWith("http")) u = u.setUser(null);
            return u.setPass(null);
        } catch (URISyntaxException e) {
            throw new GitopsException("Not a repository URL: " + redact(url));
        }
    }

    /** The same key for the same repository however it is spelled: lower-case host, no user-info, no trailing .git or /. */
    public static String normalize(String url) {
        URIish u = withoutUserInfo(url);
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        String path = u.getPath() == null ? "" : u.getPath();
        path = path.replaceAll("/+$", "").replaceAll("\\.git$", "");
        String scheme = u.getScheme() == null ? (host.isEmpty() ? "file" : "ssh") : u.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/" + path.replaceAll("^/+", "");
    }

    /** A short file-name-safe hash of the normalized URL, for the cache folder. */
    public static String cacheKey(String url) {
        return hash(normalize(url));
    }

    /** Names the cache of one branch of a repository. */
    public static String cacheKey(String url, String branch) {
        return hash(normalize(url) + "\n" + branch);
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
