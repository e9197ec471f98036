package io.jenkins.plugins.gitops.core.testing;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.git.Backoff;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.Sleeper;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One gitops commit in a process of its own, so that tests can race separate JVMs on one branch. Arguments: url,
 * user, password, cache folder, file, text. Prints {@code RESULT <sha> <attempts>}; exits 1 on failure.
 */
public final class CommitMain {
    private CommitMain() {}

    public static void main(String[] args) {
        try {
            CommitRequest request = CommitRequest.builder(args[0]).branch("main").message("Set " + args[4])
                    .changes(new Manifest(args[4], args[5])).credentials(new Credentials.UsernamePassword(args[1], args[2]))
                    .maxAttempts(20).maxDuration(Duration.ofSeconds(40)).build();
            CommitResult r = new GitopsCommitter(Path.of(args[3]), Sleeper.SYSTEM, new Backoff(Duration.ofMillis(20), Duration.ofMillis(400)))
                    .commit(request, System.out::println);
            System.out.println("RESULT " + r.commit() + " " + r.attempts());
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
    }
}
