package io.jenkins.plugins.gitops.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An Argo CD API server that {@code gitopsWait} asks about applications, named so that pipelines carry neither its
 * URL nor its token.
 */
public final class ArgoCdServer implements Describable<ArgoCdServer> {
    static final String ANONYMOUS = "Without credentials, requests are anonymous; most Argo CD servers refuse them";

    private final String name;
    private final String url;
    private String credentialsId;
    private String caCertificate;
    private String defaultProject;

    @DataBoundConstructor
    public ArgoCdServer(String name, String url) {
        this.name = Settings.required(name, "name", "Argo CD server");
        this.url = Settings.required(url, "url", "Argo CD server '" + this.name + "'");
        String refused = Urls.refusedHttpUrl(this.url);
        if (refused != null) {
            throw new InvalidSettingException("url", "Argo CD server '" + this.name + "': " + refused);
        }
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Settings.trimToNull(credentialsId);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    /** PEM certificates of the CA that signed the server's certificate, when the JVM does not trust it already. */
    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = Settings.trimToNull(caCertificate);
    }

    public String getDefaultProject() {
        return defaultProject;
    }

    @DataBoundSetter
    public void setDefaultProject(String defaultProject) {
        this.defaultProject = Settings.trimToNull(defaultProject);
    }

    @Extension
    @Symbol("argoCdServer")
    public static final class DescriptorImpl extends Descriptor<ArgoCdServer> {
        @Override
        public String getDisplayName() {
            return "Argo CD server";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return Settings.trimToNull(value) == null ? FormValidation.error("A name is required") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            return HttpForms.checkUrl(value);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId, @QueryParameter String url) {
            return CredentialChoices.forAdministrators(credentialsId, url,
                    () -> CredentialsMatchers.instanceOf(StringCredentials.class));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String url) {
            return CredentialChoices.check(value, (resolver, id) -> resolver.token(id, url), ANONYMOUS);
        }

        @POST
        public FormValidation doTestConnection(@QueryParameter String url, @QueryParameter String credentialsId,
                @QueryParameter String caCertificate) {
            AdminPermission.check();
            return Probes.run(url, (resolver, u) -> {
                String token = Settings.trimToNull(credentialsId) == null ? null : resolver.token(credentialsId, u);
                return HttpVersionProbe.ARGO_CD.check(u, token, Settings.trimToNull(caCertificate), Probes.TIMEOUT,
                        JenkinsProxy.current());
            });
        }
    }
}
