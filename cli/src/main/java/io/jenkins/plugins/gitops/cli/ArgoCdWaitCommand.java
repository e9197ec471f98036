package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gitops wait argocd}: the engine's Argo CD wait, with the token from the argocd CLI's own variable. */
@Command(name = "argocd", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wait until an Argo CD application is Synced and Healthy on the commit (or a descendant of it).",
                "The token comes from ARGOCD_AUTH_TOKEN; git credentials for --repo as for 'gitops commit'."})
final class ArgoCdWaitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;

    ArgoCdWaitCommand(Map<String, String> env) {
        this.env = env;
    }

    @Option(names = "--server", required = true, paramLabel = "URL", description = "Argo CD API server, e.g. https://argocd.example.com")
    private String server;

    @Option(names = {"--application", "--app"}, required = true, paramLabel = "NAME", description = "Application name.")
    private String application;

    @Option(names = "--project", defaultValue = "default", paramLabel = "NAME",
            description = "The application's project (default: ${DEFAULT-VALUE}).")
    private String project;

    @Option(names = "--sync", description = "Start a sync when the application does not sync automatically.")
    private boolean sync;

    @Mixin
    private ConfigRepoOptions repo;

    @Mixin
    private WaitOptions options;

    @Override
    public Integer call() throws Exception {
        String url = WaitOptions.serverUrl(spec, "--server", server);
        String token = WaitOptions.token(spec, env, "ARGOCD_AUTH_TOKEN");
        Instant deadline = options.deadline(spec);
        ArgoCdTarget target = new ArgoCdTarget(url, token, project, application, sync, options.caPem(spec));
        WaitRun run = new WaitRun(spec.commandLine().getOut(), spec.commandLine().getErr(),
                Environment.secrets(env, "ARGOCD_AUTH_TOKEN"));
        return run.awaitCommit(target, deadline, repo, env);
    }
}
