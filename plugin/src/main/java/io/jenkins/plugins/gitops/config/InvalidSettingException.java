package io.jenkins.plugins.gitops.config;

/**
 * A setting that the GitOps configuration refuses, such as a name used twice. Configuration-as-code reports it as
 * is; the web form shows it next to {@link #getField()}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSettingException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String getField() {
        return field;
    }
}
