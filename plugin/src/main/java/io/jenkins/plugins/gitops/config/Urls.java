package io.jenkins.plugins.gitops.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which remote URLs the GitOps page accepts, and how to show a URL or an error without the credentials in it. */
final class Urls {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/\\\\:\\s]+@)?[^@/\\\\:\\s]{2,}:[^\\s]+$");
    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern PASSWORD = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@");
    static final String NO_PASSWORDS = "Put no password in the URL, where it would be stored in plain text; choose credentials instead";
    private static final Set<String> GIT_SCHEMES = Set.of("https", "http", "ssh", "git");
    private static final Set<String> HTTP_SCHEMES = Set.of("https", "http");

    private Urls() {
    }

    /** Why a git remote URL is refused, or null. Local paths and {@code file:} would read the controller's disk. */
    static String refusedGitUrl(String url) {
        if (PASSWORD.matcher(url).find()) {
            return NO_PASSWORDS;
        }
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            return "file: URLs are not accepted: they would read the controller's file system";
        }
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.find()) {
            String name = scheme.group(1).toLowerCase(Locale.ROOT);
            return GIT_SCHEMES.contains(name) ? null
                    : "URLs with scheme '" + name + ":' are not accepted; use https://, ssh://, git:// or user@host:path";
        }
        if (SCP_LIKE.matcher(url).matches()) {
            return null;
        }
        return "'" + redact(url) + "' is not a remote URL; local paths are not accepted";
    }

    /** Why an HTTP API URL is refused, or null. */
    static String refusedHttpUrl(String url) {
        Matcher scheme = SCHEME.matcher(url);
        if (scheme.find() && HTTP_SCHEMES.contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
            return PASSWORD.matcher(url).find() ? NO_PASSWORDS : null;
        }
        return "'" + redact(url) + "' is not an https:// (or http://) URL";
    }

    /** Removes user-info ({@code user:password@}) from every URL in the text. */
    static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1");
    }

    /** Redacts URLs and replaces any of the given secrets that still appear. */
    static String scrub(String text, String... secrets) {
        String result = redact(text);
        if (result == null) {
            return null;
        }
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "****");
            }
        }
        return result;
    }
}
