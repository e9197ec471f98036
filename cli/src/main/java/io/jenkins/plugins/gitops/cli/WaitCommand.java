package io.jenkins.plugins.gitops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gitops wait}: groups the waits by reconciler; on its own it only explains them. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Wait until a reconciler has applied a config commit (or a descendant of it) and the workload is healthy.",
                "Exit code 0 done, 1 failed, 2 usage, 3 timed out. One line per state change goes to standard error, "
                        + "the outcome as JSON to standard output."},
        subcommands = {ArgoCdWaitCommand.class, FluxWaitCommand.class, RolloutWaitCommand.class,
                PullRequestWaitCommand.class})
final class WaitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name what to wait for: argocd, flux or rollout");
    }
}
