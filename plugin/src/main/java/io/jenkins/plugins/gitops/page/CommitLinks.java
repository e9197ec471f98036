package io.jenkins.plugins.gitops.page;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web page of a commit, for the build page, when the repository URL is shaped like one of the common forges
 * (GitHub, GitLab, Bitbucket, Gitea/Forgejo). Guessed from the host name only, so that no request is needed; anything
 * else gets no link rather than a wrong one.
 */
public final class CommitLinks {
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Pattern WITH_SCHEME = Pattern.compile("(?i)([a-z][a-z0-9+.-]*)://(?:[^/@]*@)?([^/:]+)(?::(\\d+))?(/.*)?");
    private static final Pattern SCP_LIKE = Pattern.compile("(?:[^/@:]+@)?([^/:]+):(?!//)(.+)");

    private enum Forge { GITHUB, GITLAB, BITBUCKET_CLOUD, BITBUCKET_SERVER, GITEA }

    private record WebRepository(String base, List<String> path, boolean overSsh) {}

    private CommitLinks() {}

    /** The commit's page, or null when the URL's forge is not recognised. */
    public static String link(String repositoryUrl, String sha) {
        if (repositoryUrl == null || sha == null || !SHA.matcher(sha).matches()) {
            return null;
        }
        WebRepository repo = parse(repositoryUrl.trim());
        if (repo == null) {
            return null;
        }
        Forge forge = forge(repo.base());
        if (forge == null) {
            return null;
        }
        List<String> p = repo.path();
        String commit = sha.toLowerCase(Locale.ROOT);
        return switch (forge) {
            case GITHUB -> p.size() == 2 ? repo.base() + "/" + p.get(0) + "/" + p.get(1) + "/commit/" + commit : null;
            case GITEA -> p.size() == 2 ? repo.base() + "/" + p.get(0) + "/" + p.get(1) + "/commit/" + commit : null;
            case BITBUCKET_CLOUD -> p.size() == 2 ? repo.base() + "/" + p.get(0) + "/" + p.get(1) + "/commits/" + commit : null;
            case GITLAB -> p.size() >= 2 ? repo.base() + "/" + String.join("/", p) + "/-/commit/" + commit : null;
            case BITBUCKET_SERVER -> bitbucketServer(repo, commit);
        };
    }

    /** Bitbucket Data Center clones over {@code https://host/scm/KEY/repo.git} or {@code ssh://host:7999/key/repo.git}. */
    private static String bitbucketServer(WebRepository repo, String commit) {
        List<String> p = repo.path();
        if (!repo.overSsh() && p.size() == 3 && p.get(0).equals("scm")) {
            p = p.subList(1, 3);
        }
        if (p.size() != 2 || p.get(0).startsWith("~")) {
            return null;
        }
        return repo.base() + "/projects/" + p.get(0).toUpperCase(Locale.ROOT) + "/repos/" + p.get(1) + "/commits/" + commit;
    }

    private static WebRepository parse(String url) {
        Matcher m = WITH_SCHEME.matcher(url);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String host = m.group(2).toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("https") || scheme.equals("http");
            if (!web && !scheme.contains("ssh") && !scheme.equals("git")) {
                return null;
            }
            String port = web && m.group(3) != null ? ":" + m.group(3) : "";
            String base = (scheme.equals("http") ? "http" : "https") + "://" + host + port;
            return new WebRepository(base, segments(m.group(4)), !web);
        }
        m = SCP_LIKE.matcher(url);
        if (m.matches() && m.group(1).contains(".")) {
            return new WebRepository("https://" + m.group(1).toLowerCase(Locale.ROOT), segments(m.group(2)), true);
        }
        return null;
    }

    private static List<String> segments(String path) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        return p.isEmpty() ? List.of() : List.of(p.split("/+"));
    }

    private static Forge forge(String base) {
        String host = base.substring(base.indexOf("://") + 3).replaceFirst(":\\d+$", "");
        if (host.equals("bitbucket.org")) {
            return Forge.BITBUCKET_CLOUD;
        }
        if (host.contains("bitbucket")) {
            return Forge.BITBUCKET_SERVER;
        }
        if (host.contains("github")) {
            return Forge.GITHUB;
        }
        if (host.contains("gitlab")) {
            return Forge.GITLAB;
        }
        if (host.contains("gitea") || host.contains("forgejo") || host.equals("codeberg.org")) {
            return Forge.GITEA;
        }
        return null;
    }
}
