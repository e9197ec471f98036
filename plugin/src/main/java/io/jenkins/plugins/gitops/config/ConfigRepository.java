package io.jenkins.plugins.gitops.config;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A config repository that pipelines refer to by name ({@code gitopsCommit(repository: 'shop-config', ...)}), so that
 * its URL, credentials, commit author and push policy are set once by an administrator rather than in every Jenkinsfile.
 */
public final class ConfigRepository implements Describable<ConfigRepository> {
    static final int DEFAULT_PUSH_ATTEMPTS = 10;
    static final java.util.List<String> PULL_REQUEST_HOSTS = java.util.List.of("github", "gitlab", "gitea", "forgejo",
            "bitbucket-datacenter", "bitbucket-cloud", "azure-devops");

    private final String name;
    private final String url;
    private String defaultBranch;
    private String credentialsId;
    private String authorName;
    private String authorEmail;
    private String messageTemplate;
    private String knownHosts;
    private boolean acceptUnknownHosts;
    private int pushAttempts = DEFAULT_PUSH_ATTEMPTS;
    private String pullRequestHost;
    private String pullRequestApiUrl;
    private String pullRequestCredentialsId;
    private String signingKeyCredentialsId;
    private String signingPassphraseCredentialsId;

    @DataBoundConstructor
    public ConfigRepository(String name, String url) {
        this.name = Settings.required(name, "name", "Config repository");
        this.url = Settings.required(url, "url", "Config repository '" + this.name + "'");
        String refused = Urls.refusedGitUrl(this.url);
        if (refused != null) {
            throw new InvalidSettingException("url", "Config repository '" + this.name + "': " + refused);
        }
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public String getDefaultBranch() {
        return defaultBranch;
    }

    /** The branch to commit to when a pipeline names none; empty means the remote's default branch. */
    @DataBoundSetter
    public void setDefaultBranch(String defaultBranch) {
        this.defaultBranch = Settings.trimToNull(defaultBranch);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Settings.trimToNull(credentialsId);
    }

    public String getAuthorName() {
        return authorName;
    }

    @DataBoundSetter
    public void setAuthorName(String authorName) {
        this.authorName = Settings.trimToNull(authorName);
    }

    public String getAuthorEmail() {
        return authorEmail;
    }

    @DataBoundSetter
    public void setAuthorEmail(String authorEmail) {
        this.authorEmail = Settings.trimToNull(authorEmail);
    }

    public String getMessageTemplate() {
        return messageTemplate;
    }

    @DataBoundSetter
    public void setMessageTemplate(String messageTemplate) {
        this.messageTemplate = Settings.trimToNull(messageTemplate);
    }

    public String getKnownHosts() {
        return knownHosts;
    }

    /** Lines in OpenSSH {@code known_hosts} format, for SSH URLs. */
    @DataBoundSetter
    public void setKnownHosts(String knownHosts) {
        this.knownHosts = Settings.trimToNull(knownHosts);
    }

    public boolean isAcceptUnknownHosts() {
        return acceptUnknownHosts;
    }

    @DataBoundSetter
    public void setAcceptUnknownHosts(boolean acceptUnknownHosts) {
        this.acceptUnknownHosts = acceptUnknownHosts;
    }

    public int getPushAttempts() {
        return pushAttempts;
    }

    @DataBoundSetter
    public void setPushAttempts(int pushAttempts) {
        this.pushAttempts = Settings.atLeast(pushAttempts, 1, "pushAttempts");
    }

    public String getPullRequestHost() {
        return pullRequestHost;
    }

    /** {@code github}, {@code gitlab} or {@code gitea}; empty to tell from the URLs. */
    @DataBoundSetter
    public void setPullRequestHost(String pullRequestHost) {
        String host = Settings.trimToNull(pullRequestHost);
        if (host != null && !PULL_REQUEST_HOSTS.contains(host.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidSettingException("pullRequestHost", "Config repository '" + name + "': pull request host '"
                    + host + "' is not one of " + String.join(", ", PULL_REQUEST_HOSTS));
        }
        this.pullRequestHost = host;
    }

    public String getPullRequestApiUrl() {
        return pullRequestApiUrl;
    }

    /** The host's API, where it is not the default one for the repository's host. */
    @DataBoundSetter
    public void setPullRequestApiUrl(String pullRequestApiUrl) {
        String api = Settings.trimToNull(pullRequestApiUrl);
        String refused = api == null ? null : Urls.refusedHttpUrl(api);
        if (refused != null) {
            throw new InvalidSettingException("pullRequestApiUrl", "Config repository '" + name + "': " + refused);
        }
        this.pullRequestApiUrl = api;
    }

    public String getPullRequestCredentialsId() {
        return pullRequestCredentialsId;
    }

    /** The host's API token (Secret text) or a GitHub App (SSH Username with private key), for pull requests. */
    @DataBoundSetter
    public void setPullRequestCredentialsId(String pullRequestCredentialsId) {
        this.pullRequestCredentialsId = Settings.trimToNull(pullRequestCredentialsId);
    }

    public String getSigningKeyCredentialsId() {
        return signingKeyCredentialsId;
    }

    /**
     * The key that signs every commit to this repository: an armoured OpenPGP secret key (Secret file or Secret text)
     * or an SSH private key (SSH Username with private key).
     */
    @DataBoundSetter
    public void setSigningKeyCredentialsId(String signingKeyCredentialsId) {
        this.signingKeyCredentialsId = Settings.trimToNull(signingKeyCredentialsId);
    }

    public String getSigningPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
    }

    /** The Secret text that holds the OpenPGP key's passphrase; an SSH key's credentials hold their own. */
    @DataBoundSetter
    public void setSigningPassphraseCredentialsId(String signingPassphraseCredentialsId) {
        this.signingPassphraseCredentialsId = Settings.trimToNull(signingPassphraseCredentialsId);
    }

    private Object readResolve() {
        if (pushAttempts < 1) {
            pushAttempts = DEFAULT_PUSH_ATTEMPTS;
        }
        return this;
    }

    @Extension
    @Symbol("configRepository")
    public static final class DescriptorImpl extends Descriptor<ConfigRepository> {
        @Override
        public String getDisplayName() {
            return "Config repository";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return Settings.trimToNull(value) == null ? FormValidation.error("A name is required") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            if (!AdminPermission.granted()) {
                return FormValidation.ok();
            }
            if (Settings.trimToNull(value) == null) {
                return FormValidation.error("A repository URL is required");
            }
            String refused = Urls.refusedGitUrl(value.trim());
            return refused == null ? FormValidation.ok() : FormValidation.error(refused);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String url) {
            return CredentialChoices.forAdministrators(credentialsId, url, () -> CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
                    CredentialsMatchers.instanceOf(SSHUserPrivateKey.class)));
        }

        @POST
        public ListBoxModel doFillPullRequestCredentialsIdItems(@QueryParameter String pullRequestCredentialsId,
                @QueryParameter String url) {
            return CredentialChoices.forAdministrators(pullRequestCredentialsId, url, () -> CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(org.jenkinsci.plugins.plaincredentials.StringCredentials.class),
                    CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
                    CredentialsMatchers.instanceOf(SSHUserPrivateKey.class)));
        }

        @POST
        public ListBoxModel doFillSigningKeyCredentialsIdItems(@QueryParameter String signingKeyCredentialsId,
                @QueryParameter String url) {
            return CredentialChoices.forAdministrators(signingKeyCredentialsId, url, () -> CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(org.jenkinsci.plugins.plaincredentials.FileCredentials.class),
                    CredentialsMatchers.instanceOf(org.jenkinsci.plugins.plaincredentials.StringCredentials.class),
                    CredentialsMatchers.instanceOf(SSHUserPrivateKey.class)));
        }

        @POST
        public ListBoxModel doFillSigningPassphraseCredentialsIdItems(
                @QueryParameter String signingPassphraseCredentialsId, @QueryParameter String url) {
            return CredentialChoices.forAdministrators(signingPassphraseCredentialsId, url, () ->
                    CredentialsMatchers.instanceOf(org.jenkinsci.plugins.plaincredentials.StringCredentials.class));
        }

        /** Unlocks the key as a commit would, and says which key signs, or why it cannot, for the author email. */
        @POST
        public FormValidation doCheckSigningKeyCredentialsId(@QueryParameter String value,
                @QueryParameter String signingPassphraseCredentialsId, @QueryParameter String url,
                @QueryParameter String authorEmail) {
            if (!AdminPermission.granted() || Settings.trimToNull(value) == null) {
                return FormValidation.ok();
            }
            try {
                io.jenkins.plugins.gitops.core.sign.CommitSigner signer = CredentialChoices.resolver()
                        .signingKey(value.trim(), signingPassphraseCredentialsId, url).signer();
                String email = Settings.trimToNull(authorEmail) == null
                        ? io.jenkins.plugins.gitops.core.git.CommitRequest.DEFAULT_AUTHOR.email() : authorEmail.trim();
                signer.checkCommitter(new io.jenkins.plugins.gitops.core.git.Identity("", email));
                return FormValidation.ok("Signs with " + signer.format() + " key " + signer.fingerprint());
            } catch (hudson.AbortException | IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String url) {
            return CredentialChoices.check(value, (resolver, id) -> resolver.git(id, url), null);
        }

        @POST
        public FormValidation doTestConnection(@QueryParameter String url, @QueryParameter String credentialsId,
                @QueryParameter String knownHosts, @QueryParameter boolean acceptUnknownHosts) {
            AdminPermission.check();
            return Probes.run(url, (resolver, u) -> {
                String refused = Urls.refusedGitUrl(u);
                if (refused != null) {
                    return ProbeResult.failed(refused);
                }
                GitAuth auth = resolver.git(credentialsId, u).withProxy(JenkinsProxy.current());
                return GitRemoteProbe.check(u, auth, knownHosts, acceptUnknownHosts, Probes.TIMEOUT);
            });
        }
    }
}
