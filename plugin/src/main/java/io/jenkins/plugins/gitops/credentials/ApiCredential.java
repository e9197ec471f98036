package io.jenkins.plugins.gitops.credentials;

import io.jenkins.plugins.gitops.core.pr.ApiToken;
import io.jenkins.plugins.gitops.core.pr.GitHubAppToken;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * What a git host's API is called with: a token (Secret text), a user name and password (an app password or API
 * token: Basic for Bitbucket and Azure DevOps, the password as the token elsewhere), or a GitHub App (SSH Username
 * with private key, the username being the App ID and the key the App's private key), which is exchanged for
 * installation tokens on the controller, so that the App's key never leaves it. Never serialized, and its text shows
 * no secret.
 */
public final class ApiCredential {
    private final String id;
    private final String token;
    private final String appId;
    private final String privateKey;
    private final String user;

    private ApiCredential(String id, String token, String appId, String privateKey, String user) {
        this.id = id;
        this.token = token;
        this.appId = appId;
        this.privateKey = privateKey;
        this.user = user;
    }

    static ApiCredential token(String id, String token) {
        return new ApiCredential(id, token, null, null, null);
    }

    static ApiCredential usernamePassword(String id, String user, String password) {
        return new ApiCredential(id, password, null, null, user);
    }

    static ApiCredential gitHubApp(String id, String appId, String privateKey) {
        return new ApiCredential(id, null, appId, privateKey, null);
    }

    public boolean isGitHubApp() {
        return appId != null;
    }

    /**
     * The token for {@code repository}'s host: the token itself, or a GitHub App's that renews itself.
     *
     * @throws IllegalArgumentException when the App ID or key cannot be used; the message names the credentials
     */
    public ApiToken forRepository(String repository, String apiUrl, Duration timeout, HttpClient client) {
        if (user != null) return ApiToken.basic(user, token);
        if (!isGitHubApp()) return ApiToken.fixed(token);
        try {
            return GitHubAppToken.forRepository(repository, apiUrl, appId, privateKey, timeout, client);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("credentials '" + id + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ApiCredential[" + id + (isGitHubApp() ? ", GitHub App " + appId : "") + ", ****]";
    }
}
