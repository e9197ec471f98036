package io.jenkins.plugins.gitops.config;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.AbortException;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.credentials.GlobalCredentialLookup;
import io.jenkins.plugins.gitops.credentials.GlobalCredentialsResolver;
import java.util.function.Supplier;

/**
 * The credentials drop-downs and checks of the GitOps page. Only administrators may list or test credentials; anyone
 * else sees no more than the ID already configured, so no one learns of credentials they may not use.
 */
final class CredentialChoices {
    static GlobalCredentialLookup lookup = GlobalCredentialLookup.JENKINS;

    private CredentialChoices() {
    }

    static ListBoxModel forAdministrators(String current, String url, Supplier<CredentialsMatcher> matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!AdminPermission.granted()) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, GlobalCredentialLookup.jenkinsRoot(), StandardCredentials.class,
                        URIRequirementBuilder.fromUri(Settings.trimToNull(url)).build(),
                        CredentialsMatchers.allOf(matcher.get(),
                                CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM))))
                .includeCurrentValue(current);
    }

    /** What an entry does with its credentials; it fails with a message naming the ID when they do not fit. */
    @FunctionalInterface
    interface Use {
        void resolve(GlobalCredentialsResolver resolver, String credentialsId) throws AbortException;
    }

    /**
     * Checks that the chosen credentials exist and are of a usable type. {@code blankMeans} is said when none are
     * chosen; null means that is fine.
     */
    static FormValidation check(String value, Use use, String blankMeans) {
        if (!AdminPermission.granted()) {
            return FormValidation.ok();
        }
        String id = Settings.trimToNull(value);
        if (id == null) {
            return blankMeans == null ? FormValidation.ok() : FormValidation.warning(blankMeans);
        }
        try {
            use.resolve(resolver(), id);
            return FormValidation.ok();
        } catch (AbortException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    static GlobalCredentialsResolver resolver() {
        return new GlobalCredentialsResolver(lookup);
    }
}
