package io.jenkins.plugins.gitops.commit;

import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Runs {@code gitopsCommit} with the given credentials, for tests of the steps that follow it in a pipeline. */
public final class CommitSteps {
    private CommitSteps() {}

    /** The step's result; the context must hold the build, its log, a workspace and the environment. */
    public static Map<?, ?> run(GitopsCommitStep step, TestStepContext context, CredentialLookup credentials)
            throws Exception {
        RepositoryDirectory none = name -> Optional.empty();
        new GitopsCommitStep.Execution(context, step, credentials, none).start();
        return (Map<?, ?>) context.awaitSuccess(Duration.ofSeconds(60));
    }
}
