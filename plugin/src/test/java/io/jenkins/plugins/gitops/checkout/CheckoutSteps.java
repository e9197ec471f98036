package io.jenkins.plugins.gitops.checkout;

import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.time.Duration;
import java.util.Map;

/** Runs {@code withGitopsRepo} and its body, for tests of other packages. */
public final class CheckoutSteps {
    private CheckoutSteps() {}

    /** The step's result; the context must hold the build, its log, a workspace, the environment and the body. */
    public static Map<?, ?> run(WithGitopsRepoStep step, TestStepContext context, CredentialLookup credentials,
            RepositoryDirectory directory) throws Exception {
        new WithGitopsRepoExecution(context, step.settings(), credentials, directory).start();
        return (Map<?, ?>) context.awaitSuccess(Duration.ofSeconds(60));
    }
}
