package io.jenkins.plugins.gitops.core.pr;

import io.jenkins.plugins.gitops.core.git.Urls;
import java.net.URI;

/** A host's API URL and token, checked like git URLs: no {@code file:}, no user-info, a token that is there. */
final class HostUris {
    private HostUris() {}

    static URI api(String given, String otherwise) {
        URI api = URI.create(given != null && !given.isBlank() ? given.trim().replaceAll("/+$", "") : otherwise);
        Urls.checkAllowed(api.toString());
        if (api.getUserInfo() != null) throw new IllegalArgumentException("The API URL must not hold user-info");
        return api;
    }

    static String token(String token, String host, RepoPath path, URI api) {
        if (token == null || token.isBlank()) {
            throw new PullRequestException("No token for the pull requests of " + path.owner() + "/" + path.repo()
                    + " on " + host + " at " + api.getHost() + ": give one (GITOPS_PR_TOKEN for the command line)");
        }
        String trimmed = token.trim();
        if (!trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new PullRequestException("The token for the pull requests of " + path.owner() + "/" + path.repo()
                    + " on " + host + " holds a space, a line break or a character an HTTP header cannot carry;"
                    + " give the token alone");
        }
        return trimmed;
    }
}
