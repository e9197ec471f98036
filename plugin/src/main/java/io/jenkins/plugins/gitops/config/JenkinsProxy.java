package io.jenkins.plugins.gitops.config;

import hudson.util.Secret;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The proxy of Manage Jenkins » System » HTTP Proxy ({@code hudson.ProxyConfiguration}, {@code Jenkins.getProxy()}),
 * read on the controller into plain values for the engine. Read through its public getters by reflection, because the
 * compile-time mirror of Jenkins may not declare that class (it is not in the API listings); a Jenkins whose class
 * answers otherwise is logged as a warning and treated as having no proxy.
 */
public final class JenkinsProxy {
    private static final Logger LOGGER = Logger.getLogger(JenkinsProxy.class.getName());

    private JenkinsProxy() {
    }

    /** The proxy configured now; {@link HttpProxy#NONE} when none is, or off the controller. */
    public static HttpProxy current() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null) {
            return HttpProxy.NONE;
        }
        try {
            return of(Jenkins.class.getMethod("getProxy").invoke(jenkins));
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            LOGGER.log(Level.WARNING, "Cannot use Jenkins' HTTP proxy settings; connecting without a proxy", e);
            return HttpProxy.NONE;
        }
    }

    /** The values of a {@code hudson.ProxyConfiguration}, or {@link HttpProxy#NONE} for null. */
    static HttpProxy of(Object configuration) throws ReflectiveOperationException {
        if (configuration == null) {
            return HttpProxy.NONE;
        }
        String name = (String) call(configuration, "getName");
        if (name == null || name.isBlank()) {
            return HttpProxy.NONE;
        }
        Secret password = (Secret) call(configuration, "getSecretPassword");
        return new HttpProxy(name, (Integer) call(configuration, "getPort"), (String) call(configuration, "getUserName"),
                password == null ? null : password.getPlainText(), (String) call(configuration, "getNoProxyHost"));
    }

    private static Object call(Object target, String getter) throws ReflectiveOperationException {
        return target.getClass().getMethod(getter).invoke(target);
    }
}
