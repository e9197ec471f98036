package io.jenkins.plugins.gitops.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import jenkins.model.Jenkins;

/**
 * Finds the credentials that an administrator chose for an entry of the global GitOps configuration. They live in
 * the Jenkins root context and are looked up as the system, restricted to the credentials domains that match the
 * entry's URL. Every job that uses the entry can therefore use them, which is why only administrators configure it.
 * An interface so that the rules built on it can be tested without Jenkins.
 */
@FunctionalInterface
public interface GlobalCredentialLookup {
    /** The credentials with this ID for this URL, or null. */
    StandardCredentials find(String id, String url);

    GlobalCredentialLookup JENKINS = (id, url) -> CredentialsProvider.findCredentialByIdInItemGroup(id,
            StandardCredentials.class, jenkinsRoot(), ACL.SYSTEM2, URIRequirementBuilder.fromUri(url).build());

    /** Jenkins is the root item group; the mirror leaves that supertype out, the real class has it. */
    static ItemGroup<?> jenkinsRoot() {
        return (ItemGroup<?>) Jenkins.get();
    }
}
