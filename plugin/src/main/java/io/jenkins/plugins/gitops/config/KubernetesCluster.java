package io.jenkins.plugins.gitops.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.credentials.KubernetesAuth;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A Kubernetes API server that {@code gitopsWait} reads Flux objects and rollouts from, named so that pipelines carry
 * neither its address nor its credentials.
 */
public final class KubernetesCluster implements Describable<KubernetesCluster> {
    static final String ANONYMOUS = "Without credentials, requests are anonymous; clusters rarely allow reading Flux objects then";

    private final String name;
    private final String serverUrl;
    private String credentialsId;
    private String caCertificate;
    private String defaultNamespace;

    @DataBoundConstructor
    public KubernetesCluster(String name, String serverUrl) {
        this.name = Settings.required(name, "name", "Kubernetes cluster");
        this.serverUrl = Settings.required(serverUrl, "serverUrl", "Kubernetes cluster '" + this.name + "'");
        String refused = Urls.refusedHttpUrl(this.serverUrl);
        if (refused != null) {
            throw new InvalidSettingException("serverUrl", "Kubernetes cluster '" + this.name + "': " + refused);
        }
    }

    public String getName() {
        return name;
    }

    public String getServerUrl() {
        return serverUrl;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** A Secret text token, or a Secret file holding a kubeconfig. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Settings.trimToNull(credentialsId);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = Settings.trimToNull(caCertificate);
    }

    public String getDefaultNamespace() {
        return defaultNamespace;
    }

    @DataBoundSetter
    public void setDefaultNamespace(String defaultNamespace) {
        this.defaultNamespace = Settings.trimToNull(defaultNamespace);
    }

    @Extension
    @Symbol("kubernetesCluster")
    public static final class DescriptorImpl extends Descriptor<KubernetesCluster> {
        @Override
        public String getDisplayName() {
            return "Kubernetes cluster";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return Settings.trimToNull(value) == null ? FormValidation.error("A name is required") : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckServerUrl(@QueryParameter String value) {
            return HttpForms.checkUrl(value);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId,
                @QueryParameter String serverUrl) {
            return CredentialChoices.forAdministrators(credentialsId, serverUrl, () -> CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(StringCredentials.class),
                    CredentialsMatchers.instanceOf(FileCredentials.class)));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value, @QueryParameter String serverUrl) {
            return CredentialChoices.check(value, (resolver, id) -> resolver.kubernetes(id, serverUrl), ANONYMOUS);
        }

        @POST
        public FormValidation doTestConnection(@QueryParameter String serverUrl, @QueryParameter String credentialsId,
                @QueryParameter String caCertificate) {
            AdminPermission.check();
            return Probes.run(serverUrl, (resolver, u) -> {
                String token = null;
                if (Settings.trimToNull(credentialsId) != null) {
                    KubernetesAuth auth = resolver.kubernetes(credentialsId, u);
                    token = auth.bearerToken();
                }
                return HttpVersionProbe.KUBERNETES.check(u, token, Settings.trimToNull(caCertificate), Probes.TIMEOUT,
                        JenkinsProxy.current());
            });
        }
    }
}
