package io.jenkins.plugins.gitops.wait;

import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import java.io.Serializable;

/**
 * The config commit a {@code gitopsWait} waits for, with what is known of where it lives: the repository, branch and
 * credentials ID recorded by the {@code gitopsCommit} that made it or named by the step's {@code repository}, or
 * nothing but the SHA. Persisted with the waiting step, so a plain class (see
 * {@link io.jenkins.plugins.gitops.targets.Endpoint}).
 */
final class WaitCommit implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String sha;
    private final String repositoryUrl;
    private final String branch;
    private final String defaultBranch;
    private final String credentialsId;
    private final String knownHosts;
    private final boolean acceptUnknownHosts;
    /** The key the commit was signed with, by credentials ID, for a revert; null when unsigned, unknown or older. */
    private final String signingKeyCredentialsId;
    private final String signingPassphraseCredentialsId;

    private WaitCommit(String sha, String repositoryUrl, String branch, String defaultBranch, String credentialsId,
            TransportOptions transport) {
        this(sha, repositoryUrl, branch, defaultBranch, credentialsId, transport, null, null);
    }

    private WaitCommit(String sha, String repositoryUrl, String branch, String defaultBranch, String credentialsId,
            TransportOptions transport, String signingKeyCredentialsId, String signingPassphraseCredentialsId) {
        this.sha = sha;
        this.repositoryUrl = repositoryUrl;
        this.branch = branch;
        this.defaultBranch = defaultBranch;
        this.credentialsId = credentialsId;
        this.knownHosts = transport.knownHosts();
        this.acceptUnknownHosts = transport.acceptUnknownHosts();
        this.signingKeyCredentialsId = signingKeyCredentialsId;
        this.signingPassphraseCredentialsId = signingPassphraseCredentialsId;
    }

    static WaitCommit of(GitopsRunAction.CommitRecord commit) {
        return new WaitCommit(commit.getSha(), commit.getRepository(), commit.getBranch(), commit.getDefaultBranch(),
                commit.credentialsId(), commit.transport(), commit.signingKeyCredentialsId(),
                commit.signingPassphraseCredentialsId());
    }

    /** A commit that another build made in a configured repository, on {@code branch} of it. */
    static WaitCommit configured(String sha, WaitConfiguration.RepositoryLocation location, String branch) {
        return new WaitCommit(sha, location.url(), branch, location.defaultBranch(), location.credentialsId(),
                location.transport());
    }

    /** A commit of a repository this build did not commit to. */
    static WaitCommit unknownRepository(String sha) {
        return new WaitCommit(sha, null, null, null, "", TransportOptions.DEFAULT);
    }

    /** Another commit of the same branch, reached the same way (a revert of this one). */
    WaitCommit at(String otherSha) {
        return new WaitCommit(otherSha, repositoryUrl, branch, defaultBranch, credentialsId, transport(),
                signingKeyCredentialsId, signingPassphraseCredentialsId);
    }

    String sha() {
        return sha;
    }

    boolean knowsRepository() {
        return repositoryUrl != null;
    }

    String repositoryUrl() {
        return repositoryUrl;
    }

    String branch() {
        return branch;
    }

    String credentialsId() {
        return credentialsId;
    }

    String signingKeyCredentialsId() {
        return signingKeyCredentialsId;
    }

    String signingPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
    }

    /** The SSH host keys to check the repository's server against, as the commit was pushed with. */
    TransportOptions transport() {
        return TransportOptions.sshHosts(knownHosts, acceptUnknownHosts);
    }

    ConfigCommit toEngine() {
        return knowsRepository() ? new ConfigCommit(repositoryUrl, branch, defaultBranch, sha)
                : new ConfigCommit("(unknown repository)", "(unknown branch)", null, sha);
    }

    String shortSha() {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    @Override
    public String toString() {
        return shortSha() + (knowsRepository() ? " (" + branch + " of " + repositoryUrl + ")" : "");
    }
}
