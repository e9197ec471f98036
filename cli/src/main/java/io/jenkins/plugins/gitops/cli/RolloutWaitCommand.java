package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code gitops wait rollout}: what {@code kubectl rollout status} checks, through the engine's shared watches. */
@Command(name = "rollout", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wait until a Deployment, StatefulSet or DaemonSet has rolled out, by the rules of 'kubectl rollout status'.",
                "The token comes from KUBE_TOKEN."})
final class RolloutWaitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;

    RolloutWaitCommand(Map<String, String> env) {
        this.env = env;
    }

    @Option(names = "--server", required = true, paramLabel = "URL", description = "Kubernetes API server, e.g. https://k8s.example.com:6443")
    private String server;

    @Option(names = "--kind", defaultValue = "deployment", paramLabel = "KIND", converter = KindConverter.class,
            description = "deployment, statefulset or daemonset (default ${DEFAULT-VALUE}).")
    private RolloutTarget.Kind kind;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", paramLabel = "NAMESPACE", description = "Namespace (default ${DEFAULT-VALUE}).")
    private String namespace;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name of the workload.")
    private String name;

    @Mixin
    private WaitOptions options;

    @Override
    public Integer call() throws Exception {
        String url = WaitOptions.serverUrl(spec, "--server", server);
        String token = WaitOptions.token(spec, env, "KUBE_TOKEN");
        RolloutTarget target = new RolloutTarget(kind, url, token, options.caPem(spec), namespace, name);
        WaitRun run = new WaitRun(spec.commandLine().getOut(), spec.commandLine().getErr(),
                Environment.secrets(env, "KUBE_TOKEN"));
        spec.commandLine().getErr().println("Waiting for " + target.describe() + " to roll out");
        return run.await(new WaitRequest(target, null, options.deadline(spec)), null);
    }

    static final class KindConverter implements ITypeConverter<RolloutTarget.Kind> {
        @Override
        public RolloutTarget.Kind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "deployment", "deploy" -> RolloutTarget.Kind.DEPLOYMENT;
                case "statefulset", "sts" -> RolloutTarget.Kind.STATEFUL_SET;
                case "daemonset", "ds" -> RolloutTarget.Kind.DAEMON_SET;
                default -> throw new TypeConversionException("expected deployment, statefulset or daemonset, not '" + value + "'");
            };
        }
    }
}
