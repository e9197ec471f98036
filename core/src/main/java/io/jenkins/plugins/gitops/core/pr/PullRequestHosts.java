package io.jenkins.plugins.gitops.core.pr;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

/** Which host's API a repository's pull requests go through: named, or told from the URLs. */
public final class PullRequestHosts {
    private PullRequestHosts() {}

    /**
     * @param kind {@code github} (GitHub and GitHub Enterprise Server), {@code gitlab}, {@code gitea} (Gitea and
     *             Forgejo), or blank to tell from the URLs: an API URL ending in {@code /api/v1} is Gitea's, one ending
     *             in {@code /api/v4} or a repository on {@code gitlab.com} or a {@code gitlab.} host is GitLab's, one
     *             ending in {@code /rest} or a repository URL with {@code /scm/PROJECT/REPO} is Bitbucket Data Center's,
     *             a repository URL with {@code /_git/} is Azure DevOps', one on {@code bitbucket.org} (or the API
     *             {@code api.bitbucket.org}) Bitbucket Cloud's, anything else GitHub's
     */
    public static PullRequestHost forRepository(String kind, String gitUrl, String apiUrl, String token, Duration timeout) {
        return forRepository(kind, gitUrl, apiUrl, token, timeout, null);
    }

    /** Through {@code client}, shared with other hosts (as a {@link MergeWatch}'s); null for a client of its own. */
    public static PullRequestHost forRepository(String kind, String gitUrl, String apiUrl, String token, Duration timeout,
            HttpClient client) {
        return switch (kind(kind, gitUrl, apiUrl)) {
            case "github" -> GitHubPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
            case "gitea", "forgejo" -> GiteaPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
            case "gitlab" -> GitLabPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
            case "bitbucket-datacenter", "bitbucket-server" -> BitbucketDcPulls.forRepository(gitUrl, apiUrl, token,
                    timeout, client);
            case "azure-devops" -> AzureDevOpsPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
            case "bitbucket-cloud" -> BitbucketCloudPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
            default -> throw new IllegalArgumentException("pull request host '" + kind + "' is not supported yet:"
                    + " use github (GitHub, GitHub Enterprise Server), gitlab, gitea (Gitea, Forgejo), bitbucket-datacenter, bitbucket-cloud or azure-devops");
        };
    }

    /**
     * With a token that may be renewed (a GitHub App's installation token goes to GitHub only), or a user name and
     * password: Basic for Bitbucket and Azure DevOps, the password as the token for the others.
     */
    public static PullRequestHost forRepository(String kind, String gitUrl, String apiUrl, ApiToken token,
            Duration timeout, HttpClient client) {
        if (token instanceof ApiToken.Fixed fixed) {
            return forRepository(kind, gitUrl, apiUrl, fixed.current(), timeout, client);
        }
        String chosen = kind(kind, gitUrl, apiUrl);
        if (token instanceof ApiToken.Basic basic) {
            return switch (chosen) {
                case "bitbucket-datacenter", "bitbucket-server" -> BitbucketDcPulls.forRepository(gitUrl, apiUrl, token,
                        timeout, client);
                case "bitbucket-cloud" -> BitbucketCloudPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
                case "azure-devops" -> AzureDevOpsPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
                default -> forRepository(kind, gitUrl, apiUrl, basic.password(), timeout, client);
            };
        }
        if (!chosen.equals("github")) {
            throw new IllegalArgumentException("a GitHub App signs in to GitHub only, not to " + chosen
                    + "; give that host an API token");
        }
        return GitHubPulls.forRepository(gitUrl, apiUrl, token, timeout, client);
    }

    /** The host's kind as named, or told from the URLs: {@code github}, {@code gitlab}, {@code gitea}… */
    public static String kind(String kind, String gitUrl, String apiUrl) {
        return kind == null || kind.isBlank() ? told(gitUrl, apiUrl) : kind.trim().toLowerCase(Locale.ROOT);
    }

    private static String told(String gitUrl, String apiUrl) {
        String api = apiUrl == null ? "" : apiUrl.replaceAll("/+$", "");
        if (api.endsWith("/api/v1")) return "gitea";
        if (api.endsWith("/api/v4")) return "gitlab";
        if (gitUrl != null && gitUrl.contains("/_git/")) return "azure-devops";
        if (api.contains("api.bitbucket.org")) return "bitbucket-cloud";
        if (api.endsWith("/rest") || gitUrl != null && gitUrl.matches("^https?://[^/]+(/[^/]+)*/scm/[^/]+/[^/]+$")) {
            return "bitbucket-datacenter";
        }
        String host;
        try {
            host = RepoPath.of(gitUrl).host().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "github";
        }
        if (host.equals("bitbucket.org")) return "bitbucket-cloud";
        return host.equals("gitlab.com") || host.startsWith("gitlab.") ? "gitlab" : "github";
    }
}
