package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.BuildInfo;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every command that commits is told about the commit and how to land it: the author, the build for the trailers,
 * the push attempts and time, the SSH host keys and the cache. One mixin, so that {@code gitops commit} and
 * {@code gitops revert} take these options with the same names and meaning.
 */
final class CommitterOptions {
    @Option(names = "--author", paramLabel = "'NAME <EMAIL>'", description = "Author and committer.")
    String author;

    @Option(names = "--build-url", description = "CI build URL, for the Jenkins-Build-URL trailer.")
    String buildUrl;

    @Option(names = "--job", description = "CI job, for the Jenkins-Job trailer.")
    String job;

    @Option(names = "--build-number", description = "CI build number, for the Jenkins-Build-Number trailer.")
    String buildNumber;

    @Option(names = "--attempts", defaultValue = "10", description = "Push attempts when the branch keeps moving (default ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up after this long, whatever the server does (default ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "OpenSSH known_hosts to check SSH host keys against.")
    Path knownHosts;

    @Option(names = "--accept-unknown-hosts", description = "Accept an SSH host key that --known-hosts does not list.")
    boolean acceptUnknownHosts;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Repository cache (default ~/.cache/gitops-bridge).")
    Path cacheDir;

    /** Sets author, build, attempts, time, credentials, transport and owner; {@code what} names the command's process. */
    CommitRequest.Builder applyTo(CommitRequest.Builder request, CommandLine line, Map<String, String> env, String what)
            throws IOException {
        return request
                .author(author == null ? null : CommitCommand.identity(line, author))
                .build(buildUrl == null && job == null && buildNumber == null ? null : new BuildInfo(buildUrl, job, buildNumber))
                .maxAttempts(attempts)
                .maxDuration(java.time.Duration.ofSeconds(Math.max(1, timeout)))
                .credentials(Environment.gitCredentials(env))
                .transport(TransportOptions.DEFAULT
                        .withKnownHosts(knownHosts == null ? "" : Files.readString(knownHosts, StandardCharsets.UTF_8))
                        .withAcceptUnknownHosts(acceptUnknownHosts))
                .owner(what + " (pid " + ProcessHandle.current().pid() + ")");
    }

    Path cacheRoot() {
        return CacheDir.orDefault(cacheDir);
    }
}
