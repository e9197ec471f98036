package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.ItemGroup;
import hudson.util.ListBoxModel;
import java.util.List;
import org.springframework.security.core.Authentication;

/**
 * Local behaviour: {@link #includeEmptyValue()} and {@link #includeCurrentValue(String)} add their option, as the
 * real ones do (the labels differ); listing matching credentials needs Jenkins.
 */
public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials>
        extends ListBoxModel {
    private static final long serialVersionUID = 1L;

    public AbstractIdCredentialsListBoxModel<T, C> includeEmptyValue() {
        if (stream().noneMatch(o -> o.value.isEmpty())) {
            add(0, new Option("- none -", "", false));
        }
        return this;
    }

    public AbstractIdCredentialsListBoxModel<T, C> includeCurrentValue(String value) {
        if (value != null && !value.isEmpty() && stream().noneMatch(o -> value.equals(o.value))) {
            add(new Option(value, value, false));
        }
        return this;
    }

    @SuppressWarnings("rawtypes")
    public AbstractIdCredentialsListBoxModel<T, C> includeMatchingAs(Authentication authentication, ItemGroup context,
            Class<? extends C> type, List<DomainRequirement> domainRequirements, CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
