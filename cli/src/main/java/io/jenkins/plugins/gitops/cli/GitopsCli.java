package io.jenkins.plugins.gitops.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gitops}: the engine of the Jenkins plugin as a command line, for scripts, other CI systems and the demo. */
@Command(name = "gitops", mixinStandardHelpOptions = true, versionProvider = GitopsCli.Version.class,
        description = "Commit declarative changes to a GitOps config repository, and wait until they are live.",
        subcommands = {CommandLine.HelpCommand.class})
public final class GitopsCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; exit code 0 done, 1 failed, 2 usage, 3 timed out. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new GitopsCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("gitops: " + e.getMessage());
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GitopsCli.class.getPackage().getImplementationVersion();
            return new String[] {"gitops " + (v == null ? "(development build)" : v)};
        }
    }
}
