package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.git.Urls;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gitops}: the engine of the Jenkins plugin as a command line, for scripts, other CI systems and the demo. */
@Command(name = "gitops", mixinStandardHelpOptions = true, versionProvider = GitopsCli.Version.class,
        description = "Commit declarative changes to a GitOps config repository, and wait until they are live.")
public final class GitopsCli implements Runnable {
    /**
     * The subcommands by name. A run that names one builds the model of that one only: picocli reads every option of
     * every command it is given by reflection, and a short run should not pay for the commands it does not run.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();


    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
    }

    /** Runs one command line with the given environment; exit code 0 done, 1 failed, 2 usage, 3 timed out. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new GitopsCli(), new Factory(env));
        Class<?> named = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (named != null) {
            cli.addSubcommand(named);
        } else {
            SUBCOMMANDS.values().forEach(cli::addSubcommand);
            cli.addSubcommand(CommandLine.HelpCommand.class);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("gitops: " + Urls.redactAll(String.valueOf(e.getMessage())));
            line.getErr().println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for its options.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("gitops: " + Urls.redactAll(String.valueOf(e.getMessage())));
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : List.of(CommitCommand.class, RevertCommand.class, WaitCommand.class)) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Hands the environment to the commands, so that tests need not change the process environment. */
    private record Factory(Map<String, String> env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            Object command;
            if (cls == CommitCommand.class) {
                command = new CommitCommand(env);
            } else if (cls == RevertCommand.class) {
                command = new RevertCommand(env);
            } else if (cls == ArgoCdWaitCommand.class) {
                command = new ArgoCdWaitCommand(env);
            } else if (cls == FluxWaitCommand.class) {
                command = new FluxWaitCommand(env);
            } else if (cls == RolloutWaitCommand.class) {
                command = new RolloutWaitCommand(env);
            } else if (cls == PullRequestWaitCommand.class) {
                command = new PullRequestWaitCommand(env);
            } else {
                return CommandLine.defaultFactory().create(cls);
            }
            return cls.cast(command);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GitopsCli.class.getPackage().getImplementationVersion();
            return new String[] {"gitops " + (v == null ? "(development build)" : v)};
        }
    }
}
