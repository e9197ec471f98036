package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import java.time.Instant;
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

/** {@code gitops wait flux}: the engine's Flux wait over the Kubernetes API, with the token from KUBE_TOKEN. */
@Command(name = "flux", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wait until a Flux Kustomization or HelmRelease is Ready on the commit (or a descendant of it).",
                "Asks Flux to reconcile the object and its GitRepository first. The token comes from KUBE_TOKEN."})
final class FluxWaitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;

    FluxWaitCommand(Map<String, String> env) {
        this.env = env;
    }

    @Option(names = "--server", required = true, paramLabel = "URL", description = "Kubernetes API server, e.g. https://k8s.example.com:6443")
    private String server;

    @Option(names = "--kind", defaultValue = "kustomization", paramLabel = "KIND", converter = KindConverter.class,
            description = "kustomization or helmrelease (default ${DEFAULT-VALUE}).")
    private FluxTarget.Kind kind;

    @Option(names = {"-n", "--namespace"}, defaultValue = "flux-system", paramLabel = "NAMESPACE", description = "Namespace (default ${DEFAULT-VALUE}).")
    private String namespace;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name of the Kustomization or HelmRelease.")
    private String name;

    @Mixin
    private ConfigRepoOptions repo;

    @Mixin
    private WaitOptions options;

    @Override
    public Integer call() throws Exception {
        String url = WaitOptions.serverUrl(spec, "--server", server);
        String token = WaitOptions.token(spec, env, "KUBE_TOKEN");
        Instant deadline = options.deadline(spec);
        FluxTarget target = new FluxTarget(kind, url, token, options.caPem(spec), namespace, name);
        WaitRun run = new WaitRun(spec.commandLine().getOut(), spec.commandLine().getErr(),
                Environment.secrets(env, "KUBE_TOKEN"));
        return run.awaitCommit(target, deadline, repo, env);
    }

    static final class KindConverter implements ITypeConverter<FluxTarget.Kind> {
        @Override
        public FluxTarget.Kind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "kustomization", "ks" -> FluxTarget.Kind.KUSTOMIZATION;
                case "helmrelease", "hr" -> FluxTarget.Kind.HELM_RELEASE;
                default -> throw new TypeConversionException("expected kustomization or helmrelease, not '" + value + "'");
            };
        }
    }
}
