package io.jenkins.plugins.gitops.credentials;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The bearer token of a kubeconfig's current context, for waits and "Test connection". Client certificates and exec plugins
 * are left to the engine; without a token the version endpoint, which Kubernetes serves to anyone, is read anonymously.
 */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static String currentToken(String kubeconfig) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(kubeconfig);
            if (!(root instanceof Map<?, ?> config)) {
                return null;
            }
            Map<?, ?> context = named(config.get("contexts"), config.get("current-context"), "context");
            Map<?, ?> user = context == null ? null : named(config.get("users"), context.get("user"), "user");
            return user != null && user.get("token") instanceof String token ? token : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<?, ?> named(Object list, Object name, String key) {
        if (!(list instanceof List<?> entries) || name == null) {
            return null;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> m && name.equals(m.get("name")) && m.get(key) instanceof Map<?, ?> value) {
                return value;
            }
        }
        return null;
    }
}
