package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.pr.PullRequestHost;
import io.jenkins.plugins.gitops.core.pr.PullRequestHosts;
import io.jenkins.plugins.gitops.core.pr.PullRequest;
import io.jenkins.plugins.gitops.core.pr.PullRequestSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code gitops commit --pull-request}: land the change through a pull request instead of pushing to the branch. The
 * host's token comes from {@code GITOPS_PR_TOKEN}, never from an argument.
 */
final class PullRequestOptions {
    static final String TOKEN_VARIABLE = "GITOPS_PR_TOKEN";
    /** With {@code GITOPS_PR_TOKEN}: a user name, for Basic (Bitbucket app passwords and API tokens, Azure DevOps). */
    static final String USER_VARIABLE = "GITOPS_PR_USERNAME";
    static final String APP_ID_VARIABLE = "GITOPS_PR_APP_ID";
    static final String APP_KEY_VARIABLE = "GITOPS_PR_APP_KEY_FILE";

    @Option(names = "--pull-request", description = "Commit to a branch of our own and open a pull request into --branch"
            + " (GitHub, GitHub Enterprise Server, GitLab, Gitea, Forgejo; token in " + TOKEN_VARIABLE + ", or a GitHub App: "
            + APP_ID_VARIABLE + " and " + APP_KEY_VARIABLE + ").")
    boolean enabled;

    @Option(names = "--pr-title", paramLabel = "TEXT", description = "Pull request title (default: the commit message's first line).")
    String title;

    @Option(names = "--pr-body", paramLabel = "TEXT", description = "Pull request description; the build, commit and files are added.")
    String body;

    @Option(names = "--pr-label", paramLabel = "LABEL", description = "Label to add; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--pr-reviewer", paramLabel = "LOGIN", description = "User to ask for a review; repeatable.")
    List<String> reviewers = new ArrayList<>();

    @Option(names = "--pr-draft", description = "Open the pull request as a draft.")
    boolean draft;

    @Option(names = "--pr-auto-merge", description = "Have the host merge it once its checks and reviews pass (GitHub,"
            + " GitLab, Gitea), or merge it at once when nothing is missing.")
    boolean autoMerge;

    @Option(names = "--pr-merge-method", paramLabel = "METHOD", defaultValue = "merge",
            description = "How --pr-auto-merge merges: merge, squash or rebase (default ${DEFAULT-VALUE}).")
    String mergeMethod;

    @Option(names = "--pr-host", paramLabel = "HOST",
            description = "github (GitHub, GitHub Enterprise Server), gitlab, or gitea (Gitea, Forgejo); default: told from --pr-api-url and the repository's host.")
    String host;

    @Option(names = "--pr-api-url", paramLabel = "URL",
            description = "The host's API (default: https://api.github.com for github.com, https://HOST/api/v3 otherwise).")
    String apiUrl;

    PullRequestSpec spec(String message) {
        String subject = message == null ? "" : message.lines().findFirst().orElse("");
        String chosen = title != null && !title.isBlank() ? title : subject;
        return new PullRequestSpec(chosen.isBlank() ? "Update config" : chosen, body, labels, reviewers, draft, null,
                autoMerge ? mergeMethod : null);
    }

    PullRequestHost host(String repo, Map<String, String> env, Duration timeout) {
        return host(host, repo, apiUrl, env, timeout, null);
    }

    /**
     * The host, signed in with {@code GITOPS_PR_TOKEN}, or as a GitHub App with {@code GITOPS_PR_APP_ID} and the
     * private key in the file {@code GITOPS_PR_APP_KEY_FILE} names (never a key in an argument or a variable).
     */
    static PullRequestHost host(String host, String repo, String apiUrl, Map<String, String> env, Duration timeout,
            java.net.http.HttpClient client) {
        String appId = env.get(APP_ID_VARIABLE);
        if (appId == null || appId.isBlank() || env.get(TOKEN_VARIABLE) != null && !env.get(TOKEN_VARIABLE).isEmpty()) {
            String token = Environment.token(env, TOKEN_VARIABLE);
            String user = env.get(USER_VARIABLE);
            return user == null || user.isBlank()
                    ? PullRequestHosts.forRepository(host, repo, apiUrl, token, timeout, client)
                    : PullRequestHosts.forRepository(host, repo, apiUrl,
                            io.jenkins.plugins.gitops.core.pr.ApiToken.basic(user.trim(), token), timeout, client);
        }
        String keyFile = env.get(APP_KEY_VARIABLE);
        if (keyFile == null || keyFile.isBlank()) {
            throw new IllegalArgumentException("set " + APP_KEY_VARIABLE + " to the file with the GitHub App's private key");
        }
        String key;
        try {
            key = java.nio.file.Files.readString(java.nio.file.Path.of(keyFile));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(APP_KEY_VARIABLE + ": cannot read " + keyFile + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return PullRequestHosts.forRepository(host, repo, apiUrl, io.jenkins.plugins.gitops.core.pr.GitHubAppToken
                .forRepository(repo, apiUrl, appId, key, timeout, client), timeout, client);
    }

    static Map<String, Object> json(PullRequest pr) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", pr.number());
        out.put("url", pr.url());
        out.put("state", pr.state());
        out.put("branch", pr.branch());
        out.put("base", pr.base());
        out.put("headSha", pr.headSha());
        out.put("mergeCommit", pr.mergeCommit());
        out.put("created", pr.created());
        return out;
    }
}
