package io.jenkins.plugins.gitops.core.testing;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.git.Backoff;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.Sleeper;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.core.sign.CommitSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Commits in a process of its own, so that tests can race separate JVMs on one branch. Arguments: url, cache folder,
 * name, count, then {@code password USER PASSWORD} or {@code key KEY_FILE KNOWN_HOSTS_FILE}. Commits
 * {@code NAME-I.yaml} for I in 0..count-1, each with its own change ID, and prints {@code RESULT <sha> <attempts>}
 * for each; prints {@code FAILED <message>} and exits 1 on the first failure. With {@code -Dsign.key=FILE} every
 * commit is signed with the key in that file (no passphrase).
 */
public final class CommitMain {
    private CommitMain() {}

    public static void main(String[] args) {
        try {
            Credentials credentials = args[4].equals("key")
                    ? new Credentials.SshKey("git", Files.readString(Path.of(args[5])), null)
                    : new Credentials.UsernamePassword(args[5], args[6]);
            TransportOptions transport = args[4].equals("key")
                    ? TransportOptions.sshHosts(Files.readString(Path.of(args[6])), false) : TransportOptions.DEFAULT;
            GitopsCommitter committer = new GitopsCommitter(Path.of(args[1]), Sleeper.SYSTEM,
                    new Backoff(Duration.ofMillis(20), Duration.ofMillis(400)));
            String signKey = System.getProperty("sign.key");
            CommitSigner signer = signKey == null ? null : CommitSigner.read(signKey, Files.readString(Path.of(signKey)), null);
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                String file = args[2] + "-" + i + ".yaml";
                CommitRequest request = CommitRequest.builder(args[0]).branch("main").message("Set " + file)
                        .changes(new Manifest(file, "v: " + i + "\n")).credentials(credentials).transport(transport)
                        .idempotencyKey(args[2] + "#" + i).maxAttempts(40).maxDuration(Duration.ofSeconds(90)).signer(signer).build();
                CommitResult r = committer.commit(request, System.out::println);
                System.out.println("RESULT " + r.commit() + " " + r.attempts());
            }
        } catch (RuntimeException | IOException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
    }
}
