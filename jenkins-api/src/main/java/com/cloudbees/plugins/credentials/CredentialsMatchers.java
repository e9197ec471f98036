package com.cloudbees.plugins.credentials;

public class CredentialsMatchers {
    private CredentialsMatchers() {
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public static CredentialsMatcher allOf(CredentialsMatcher... matchers) {
        return item -> java.util.Arrays.stream(matchers).allMatch(m -> m.matches(item));
    }

    public static CredentialsMatcher not(CredentialsMatcher matcher) {
        return item -> !matcher.matches(item);
    }

    public static CredentialsMatcher withScope(CredentialsScope scope) {
        return item -> item.getScope() == scope;
    }

    @SuppressWarnings("rawtypes")
    public static CredentialsMatcher instanceOf(Class clazz) {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
