package io.jenkins.plugins.gitops.commit;

import hudson.AbortException;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.Identity;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import java.io.Serializable;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how a commit goes: a repository of the global configuration, or a URL and credentials given in the
 * pipeline, with the step's own values taking precedence over the configured ones. Plain values and no secret (the
 * credentials by ID), so that it can travel to the agent and be kept with a Pipeline program; a plain class rather
 * than a record, because the JBoss Marshalling River that writes Pipeline's program.dat predates record support.
 */
public final class CommitTarget implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String url;
    private final String credentialsId;
    private final String branch;
    private final String authorName;
    private final String authorEmail;
    private final String messageTemplate;
    private final String knownHosts;
    private final boolean acceptUnknownHosts;
    private final int pushAttempts;
    /** The configured repository's pull-request host, API URL and API credentials; null for {@code url:} targets. */
    private final String pullRequestHost;
    private final String pullRequestApiUrl;
    private final String pullRequestCredentialsId;
    /** The key that signs the commits and its passphrase, by credentials ID; null (also in older programs): unsigned. */
    private final String signingKeyCredentialsId;
    private final String signingPassphraseCredentialsId;

    private CommitTarget(String url, String credentialsId, String branch, String authorName, String authorEmail,
            String messageTemplate, String knownHosts, boolean acceptUnknownHosts, int pushAttempts,
            String pullRequestHost, String pullRequestApiUrl, String pullRequestCredentialsId,
            String signingKeyCredentialsId, String signingPassphraseCredentialsId) {
        this.url = url;
        this.credentialsId = credentialsId;
        this.branch = branch;
        this.authorName = authorName;
        this.authorEmail = authorEmail;
        this.messageTemplate = messageTemplate;
        this.knownHosts = knownHosts;
        this.acceptUnknownHosts = acceptUnknownHosts;
        this.pushAttempts = pushAttempts;
        this.pullRequestHost = pullRequestHost;
        this.pullRequestApiUrl = pullRequestApiUrl;
        this.pullRequestCredentialsId = pullRequestCredentialsId;
        this.signingKeyCredentialsId = signingKeyCredentialsId;
        this.signingPassphraseCredentialsId = signingPassphraseCredentialsId;
    }

    public static CommitTarget resolve(String function, String repository, String url, String credentialsId, String branch,
            RepositoryDirectory directory) throws AbortException {
        if (!repository.isEmpty() && !url.isEmpty()) {
            throw new AbortException(function + ": give either 'repository' or 'url', not both");
        }
        if (repository.isEmpty()) {
            if (url.isEmpty()) {
                throw new AbortException(function + ": give 'repository' (from Manage Jenkins » System » GitOps) or 'url'");
            }
            return new CommitTarget(url, credentialsId, emptyToNull(branch), CommitRequest.DEFAULT_AUTHOR.name(),
                    CommitRequest.DEFAULT_AUTHOR.email(), null, null, false, CommitRequest.DEFAULT_MAX_ATTEMPTS, null, null,
                    null, null, null);
        }
        ConfigRepository configured = directory.repository(repository).orElseThrow(() -> new AbortException(
                function + ": repository '" + repository + "' is not configured in Manage Jenkins » System » GitOps"));
        return new CommitTarget(configured.getUrl(),
                credentialsId.isEmpty() ? orEmpty(configured.getCredentialsId()) : credentialsId,
                branch.isEmpty() ? emptyToNull(configured.getDefaultBranch()) : branch,
                orDefault(configured.getAuthorName(), CommitRequest.DEFAULT_AUTHOR.name()),
                orDefault(configured.getAuthorEmail(), CommitRequest.DEFAULT_AUTHOR.email()),
                configured.getMessageTemplate(), configured.getKnownHosts(), configured.isAcceptUnknownHosts(),
                configured.getPushAttempts(), configured.getPullRequestHost(), configured.getPullRequestApiUrl(),
                configured.getPullRequestCredentialsId(), configured.getSigningKeyCredentialsId(),
                configured.getSigningPassphraseCredentialsId());
    }

    /**
     * A repository that is not configured, reached as a commit recorded on a build was pushed: with these credentials
     * and SSH host keys, by the default author.
     */
    public static CommitTarget recorded(String url, String credentialsId, String branch, TransportOptions transport) {
        return new CommitTarget(url, credentialsId == null ? "" : credentialsId, emptyToNull(branch),
                CommitRequest.DEFAULT_AUTHOR.name(), CommitRequest.DEFAULT_AUTHOR.email(), null, transport.knownHosts(),
                transport.acceptUnknownHosts(), CommitRequest.DEFAULT_MAX_ATTEMPTS, null, null, null, null, null);
    }

    /**
     * Signs with the step's key where it names one (the only way for {@code url:} targets), else with the configured
     * repository's.
     */
    public CommitTarget signedWith(String keyCredentialsId, String passphraseCredentialsId) {
        if (keyCredentialsId == null || keyCredentialsId.isBlank()) return this;
        return new CommitTarget(url, credentialsId, branch, authorName, authorEmail, messageTemplate, knownHosts,
                acceptUnknownHosts, pushAttempts, pullRequestHost, pullRequestApiUrl, pullRequestCredentialsId,
                keyCredentialsId.trim(), emptyToNull(passphraseCredentialsId));
    }

    /** The credentials of the signing key, or null for unsigned commits. */
    public String signingKeyCredentialsId() {
        return signingKeyCredentialsId;
    }

    /** The Secret text that holds the signing key's passphrase, or null for the key's own (or none). */
    public String signingPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
    }

    public String url() {
        return url;
    }

    /** Empty for anonymous access. */
    public String credentialsId() {
        return credentialsId;
    }

    /** Null for the remote's default branch. */
    public String branch() {
        return branch;
    }

    public int pushAttempts() {
        return pushAttempts;
    }

    public Identity author() {
        return new Identity(authorName, authorEmail);
    }

    /** How to reach the repository: the configured SSH known hosts and whether unknown hosts are accepted. */
    public TransportOptions transport() {
        return TransportOptions.sshHosts(knownHosts, acceptUnknownHosts);
    }

    /** The step's pull-request option, with what it leaves blank taken from the configured repository. */
    public PullRequestOption pullRequest(PullRequestOption given) {
        return given == null ? null : given.withDefaults(pullRequestHost, pullRequestApiUrl, pullRequestCredentialsId);
    }

    /** The commit message: the step's, else the configured template with {@code ${VARIABLE}}s of the build filled in. */
    public String message(String given, Map<String, String> variables) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String template = messageTemplate == null || messageTemplate.isBlank()
                ? "Update from ${JOB_NAME} #${BUILD_NUMBER}" : messageTemplate;
        Matcher m = VARIABLE.matcher(template);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            m.appendReplacement(text, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(text);
        return text.toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String orDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
