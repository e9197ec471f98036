package org.jenkinsci.plugins.workflow.steps;

import hudson.EnvVars;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Local behaviour: {@link #constant} adds its variables (the real one also understands {@code PATH+XYZ}), and
 * {@link #merge} runs the original, then the subsequent expander.
 */
public abstract class EnvironmentExpander implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract void expand(EnvVars env) throws IOException, InterruptedException;

    public static EnvironmentExpander constant(Map<String, String> env) {
        TreeMap<String, String> variables = new TreeMap<>(env);
        return new EnvironmentExpander() {
            private static final long serialVersionUID = 1L;

            @Override
            public void expand(EnvVars target) {
                target.putAll(variables);
            }
        };
    }

    public static EnvironmentExpander merge(EnvironmentExpander original, EnvironmentExpander subsequent) {
        if (original == null) {
            return subsequent;
        }
        return new EnvironmentExpander() {
            private static final long serialVersionUID = 1L;

            @Override
            public void expand(EnvVars env) throws IOException, InterruptedException {
                original.expand(env);
                subsequent.expand(env);
            }
        };
    }
}
