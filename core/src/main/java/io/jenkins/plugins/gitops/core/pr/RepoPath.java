package io.jenkins.plugins.gitops.core.pr;

import java.net.URI;

/**
 * The host, owner and name of a repository, read from its git URL ({@code https://host/OWNER/NAME.git}), and its whole
 * path ({@code group/subgroup/NAME}), which GitLab names projects by.
 */
record RepoPath(String host, String owner, String repo, String path) {
    static RepoPath of(String gitUrl) {
        String url = gitUrl == null ? "" : gitUrl.trim();
        String host;
        String path;
        if (url.matches("^[^/@:]+@[^:/]+:.*") && !url.contains("://")) {
            host = url.substring(url.indexOf('@') + 1, url.indexOf(':'));
            path = url.substring(url.indexOf(':') + 1);
        } else {
            URI uri = URI.create(url);
            host = uri.getHost();
            path = uri.getPath();
        }
        String[] parts = path == null ? new String[0] : path.replaceAll("^/+|/+$", "").replaceAll("\\.git$", "").split("/");
        if (host == null || parts.length < 2) {
            throw new IllegalArgumentException("Cannot tell the owner and repository from " + gitUrl);
        }
        return new RepoPath(host, parts[parts.length - 2], parts[parts.length - 1], String.join("/", parts));
    }
}
