package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Credentials from environment variables, so that no secret is ever on a command line. */
final class Environment {
    private Environment() {}

    static Credentials gitCredentials(Map<String, String> env) {
        String keyFile = env.get("GITOPS_SSH_KEY_FILE");
        String key = env.get("GITOPS_SSH_KEY");
        if (keyFile != null && !keyFile.isEmpty()) {
            try {
                key = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("GITOPS_SSH_KEY_FILE: cannot read " + keyFile, e);
            }
        }
        if (key != null && !key.isEmpty()) {
            return new Credentials.SshKey(env.get("GITOPS_USERNAME"), key, env.get("GITOPS_SSH_PASSPHRASE"));
        }
        String password = env.getOrDefault("GITOPS_PASSWORD", env.get("GITOPS_TOKEN"));
        if (password != null && !password.isEmpty()) {
            return new Credentials.UsernamePassword(env.getOrDefault("GITOPS_USERNAME", "git"), password);
        }
        return Credentials.NONE;
    }

    /** Every secret value the environment holds for us, for scrubbing output. */
    static List<String> secrets(Map<String, String> env, String... tokenVariables) {
        List<String> secrets = new ArrayList<>();
        for (String variable : List.of("GITOPS_PASSWORD", "GITOPS_TOKEN", "GITOPS_SSH_PASSPHRASE")) {
            secrets.add(env.get(variable));
        }
        for (String variable : tokenVariables) {
            secrets.add(env.get(variable));
        }
        secrets.removeIf(s -> s == null || s.isEmpty());
        return secrets;
    }

    static String token(Map<String, String> env, String variable) {
        String token = env.get(variable);
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("set " + variable + " to the API token");
        }
        return token;
    }
}
