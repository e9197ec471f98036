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
        return run(step, context, credentials, name -> Optional.empty());
    }

    /** The same, with the repositories of a global configuration. */
    public static Map<?, ?> run(GitopsCommitStep step, TestStepContext context, CredentialLookup credentials,
            RepositoryDirectory directory) throws Exception {
        new GitopsCommitStep.Execution(context, step, credentials, directory).start();
        return (Map<?, ?>) context.awaitSuccess(Duration.ofSeconds(60));
    }

    /** The step's result, or the exception it failed with. */
    public static Object result(GitopsCommitStep step, TestStepContext context, CredentialLookup credentials,
            RepositoryDirectory directory) throws Throwable {
        new GitopsCommitStep.Execution(context, step, credentials, directory).start();
        return context.result(60);
    }
}
