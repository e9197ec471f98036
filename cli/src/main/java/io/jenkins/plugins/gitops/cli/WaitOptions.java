package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.Urls;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Options every {@code gitops wait} subcommand has: how long to wait, and which CA to trust for the API server. */
final class WaitOptions {
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up after this many seconds, with exit code 3 (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "PEM file of the CA that signed the API server's certificate (default: the JVM's trust store).")
    Path caCert;

    /** The absolute deadline, counted from now; checks the timeout first. */
    Instant deadline(CommandSpec spec) {
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be a positive number of seconds");
        }
        return Instant.now().plus(Duration.ofSeconds(timeoutSeconds));
    }

    String caPem(CommandSpec spec) {
        if (caCert == null) {
            return null;
        }
        try {
            return Files.readString(caCert, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--ca-cert: cannot read " + caCert + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A token from the environment; its absence is a usage error, since tokens are never accepted as arguments. */
    static String token(CommandSpec spec, Map<String, String> env, String variable) {
        try {
            return Environment.token(env, variable);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (tokens are read from the environment only)");
        }
    }

    /** An http(s) base URL without user-info. */
    static String serverUrl(CommandSpec spec, String option, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), option + " '" + Urls.redact(url)
                + "': expected an http(s) URL without user-info, such as https://argocd.example.com");
    }
}
