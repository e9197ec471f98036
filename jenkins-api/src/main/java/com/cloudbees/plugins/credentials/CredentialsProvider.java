package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.ItemGroup;
import hudson.model.Run;
import java.util.List;
import org.springframework.security.core.Authentication;

public abstract class CredentialsProvider {
    public CredentialsProvider() {
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public static <C extends IdCredentials> C findCredentialByIdInItemGroup(String id, Class<C> type,
            ItemGroup<?> itemGroup, Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> C track(Run run, C credentials) {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
