package hudson;

import hudson.util.Secret;

/**
 * Test double of Jenkins' {@code hudson.ProxyConfiguration} with the public getters that
 * {@code io.jenkins.plugins.gitops.config.JenkinsProxy} reads, answering as the real class does (jenkinsci/jenkins,
 * core/src/main/java/hudson/ProxyConfiguration.java at jenkins-2.541.3: the constructor trims the no-proxy hosts to
 * null when empty, and keeps the password as a {@link Secret}). Lives in the tests only: the compile-time mirror does
 * not declare this class.
 */
public final class ProxyConfiguration {
    public final String name;
    public final int port;
    private final String userName;
    private final Secret secretPassword;
    public String noProxyHost;

    public ProxyConfiguration(String name, int port, String userName, String password, String noProxyHost) {
        this.name = name;
        this.port = port;
        this.userName = userName == null || userName.isBlank() ? null : userName.trim();
        this.secretPassword = Secret.fromString(password);
        this.noProxyHost = noProxyHost == null || noProxyHost.isBlank() ? null : noProxyHost.trim();
    }

    public String getName() {
        return name;
    }

    public int getPort() {
        return port;
    }

    public String getUserName() {
        return userName;
    }

    public Secret getSecretPassword() {
        return secretPassword;
    }

    public String getNoProxyHost() {
        return noProxyHost;
    }
}
