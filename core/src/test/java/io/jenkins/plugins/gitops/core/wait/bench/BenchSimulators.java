package io.jenkins.plugins.gitops.core.wait.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.kube.RolloutStatus;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.DeploymentControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import io.jenkins.plugins.gitops.core.wait.sim.FluxControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reconcilers of the wait benchmark, in a process of their own so that their threads do not count as the
 * waiters': one config repository, an Argo CD simulator with {@code --argocd} auto-sync applications
 * ({@code app-NN}), and a Kubernetes simulator with {@code --flux} Kustomizations ({@code flux-system/ks-NN}, each
 * with its GitRepository {@code src-NN}) and {@code --rollouts} Deployments ({@code shop/web-NN}).
 *
 * <p>Driven by lines on standard input: {@code COMMIT} pushes "our" commit and changes every Deployment's spec;
 * {@code GO} starts the controllers, which release each target at a random moment within {@code --spread-seconds}
 * and then step it every {@code --step-millis} until it is healthy on our commit; {@code REPORT} prints, as one JSON
 * line, when each target turned healthy and when each request for it arrived; {@code QUIT} ends the process.
 */
public final class BenchSimulators {

    /** One simulated target: how to advance its controller one step, and whether it is healthy on our commit. */
    private record Target(String kind, String name, Runnable step, BooleanSupplier healthy) {
    }

    private static final Pattern NAME_PARAMETER = Pattern.compile("[?&](?:fieldSelector=metadata\\.name=|name=)([^&]+)");

    private final ConfigRepo repo;
    private final ArgoCdSimulator argo;
    private final KubeSimulator kube = new KubeSimulator();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, List<Long>> requests = new ConcurrentHashMap<>();
    private final Map<String, Long> healthyAt = new ConcurrentHashMap<>();
    private final Map<String, Long> releaseAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor();
    private volatile String ours;
    private volatile long goAt;

    /** Argo CD answers a refresh only once its controller has compared the app with Git: here 0.2 to 0.8 s. */
    static final Duration REFRESH_LATENCY_MIN = Duration.ofMillis(200);
    static final Duration REFRESH_LATENCY_MAX = Duration.ofMillis(800);

    private BenchSimulators(File dir) throws Exception {
        repo = new ConfigRepo(new File(dir, "config.git"));
        repo.commit("previous");
        argo = new ArgoCdSimulator(repo);
        argo.refreshLatency(REFRESH_LATENCY_MIN, REFRESH_LATENCY_MAX);
        argo.observeRequests(this::count);
        kube.observeRequests(this::count);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        BenchSimulators sims = new BenchSimulators(new File(options.get("--dir")));
        sims.install(Integer.parseInt(options.get("--argocd")), Integer.parseInt(options.get("--flux")),
                Integer.parseInt(options.get("--rollouts")));
        System.out.println("READY argocd=" + sims.argo.url() + " kube=" + sims.kube.url());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
            switch (line) {
                case "COMMIT" -> System.out.println("COMMIT " + sims.commit());
                case "GO" -> {
                    sims.go(Integer.parseInt(options.get("--spread-seconds")), Long.parseLong(options.get("--step-millis")));
                    System.out.println("GOING");
                }
                case "REPORT" -> System.out.println(sims.report());
                default -> System.out.println("UNKNOWN " + line);
            }
        }
        sims.driver.shutdownNow();
        sims.argo.close();
        sims.kube.close();
        sims.repo.close();
    }

    private void install(int argocd, int flux, int rollouts) throws Exception {
        String previous = repo.head();
        for (int i = 0; i < argocd; i++) {
            String name = String.format("app-%02d", i);
            argo.addApp(name, app -> { });
            targets.add(new Target("argocd", name, () -> argo.step(name), () -> argo.runsHealthy(name, ours)));
        }
        for (int i = 0; i < flux; i++) {
            String name = String.format("ks-%02d", i);
            ObjectNode source = Fixtures.load("flux/gitrepository-ready.json");
            source.with("metadata").put("name", String.format("src-%02d", i));
            source.with("status").with("artifact").put("revision", "main@sha1:" + previous);
            String sourcePath = kube.put("gitrepositories", source);
            ObjectNode kustomization = Fixtures.load("flux/kustomization-ready.json");
            kustomization.with("metadata").put("name", name);
            kustomization.with("spec").with("sourceRef").put("name", String.format("src-%02d", i));
            kustomization.with("status").put("lastAppliedRevision", "main@sha1:" + previous);
            kustomization.with("status").put("lastAttemptedRevision", "main@sha1:" + previous);
            String path = kube.put("kustomizations", kustomization);
            FluxControllerSim controller = new FluxControllerSim(repo, sourcePath, path, false);
            targets.add(new Target("flux", name, () -> controller.step(kube), () -> fluxReady(path)));
        }
        for (int i = 0; i < rollouts; i++) {
            String name = String.format("web-%02d", i);
            ObjectNode deployment = Fixtures.load("kubernetes/deployment-complete.json");
            deployment.with("metadata").put("name", name);
            String path = kube.put("deployments", deployment);
            DeploymentControllerSim controller = new DeploymentControllerSim(path);
            targets.add(new Target("rollout", name, () -> controller.step(kube),
                    () -> RolloutStatus.of(RolloutTarget.Kind.DEPLOYMENT, kube.object(path)).complete()));
        }
    }

    private boolean fluxReady(String path) {
        ObjectNode object = kube.object(path);
        if (!object.path("status").path("lastAppliedRevision").asText().equals("main@sha1:" + ours)) {
            return false;
        }
        for (var condition : object.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                return condition.path("status").asText().equals("True");
            }
        }
        return false;
    }

    private String commit() throws Exception {
        ours = repo.commit("ours");
        for (Target target : targets) {
            if (target.kind().equals("rollout")) {
                String path = KubeSimulator.pathOf("apps/v1", "deployments", "shop", target.name());
                kube.updateSpec(path, spec -> ((ObjectNode) spec.with("template").with("spec").withArray("containers")
                        .get(0)).put("image", "registry.example.com/shop/web:ours"));
            }
        }
        return ours;
    }

    private void go(int spreadSeconds, long stepMillis) {
        goAt = System.currentTimeMillis();
        Random random = new Random(42);
        for (Target target : targets) {
            releaseAt.put(target.name(), goAt + 1000 + (long) (random.nextDouble() * (spreadSeconds - 1) * 1000));
        }
        driver.scheduleWithFixedDelay(this::stepReleased, stepMillis, stepMillis, TimeUnit.MILLISECONDS);
    }

    private void stepReleased() {
        long now = System.currentTimeMillis();
        for (Target target : targets) {
            if (healthyAt.containsKey(target.name()) || releaseAt.get(target.name()) > now) {
                continue;
            }
            long before = System.currentTimeMillis();
            target.step().run();
            if (target.healthy().getAsBoolean()) {
                healthyAt.put(target.name(), before);
            }
        }
    }

    /** Attributes a request to the target it is about: its name in the path or in a watch's field selector. */
    /** Requests after GO by kind (stream or watch opened, refresh, other GET, write), to see where they go. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> kinds = new ConcurrentHashMap<>();
    /** The same by second after GO; the last second counts all later ones. */
    private final Map<String, java.util.concurrent.atomic.AtomicIntegerArray> kindsBySecond = new ConcurrentHashMap<>();
    private static final int SECONDS_SHOWN = 30;

    private void count(String method, String uri) {
        String decoded = URLDecoder.decode(uri, StandardCharsets.UTF_8);
        if (goAt > 0 && System.currentTimeMillis() >= goAt) {
            String kind = !method.equals("GET") ? method
                    : decoded.contains("/stream") || decoded.contains("watch=1") || decoded.contains("watch=true") ? "GET stream/watch"
                    : decoded.contains("refresh=") ? "GET refresh" : "GET";
            kinds.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            int second = (int) Math.min(SECONDS_SHOWN - 1, (System.currentTimeMillis() - goAt) / 1000);
            kindsBySecond.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.AtomicIntegerArray(SECONDS_SHOWN))
                    .incrementAndGet(second);
        }
        int query = decoded.indexOf('?');
        String path = query < 0 ? decoded : decoded.substring(0, query);
        String name;
        Matcher selector = NAME_PARAMETER.matcher(query < 0 ? "" : decoded.substring(query));
        if (selector.find()) {
            name = selector.group(1);
        } else {
            String[] parts = path.split("/");
            name = parts[path.startsWith("/api/v1/applications/") ? 4 : parts.length - 1];
        }
        name = name.replaceFirst("^src-", "ks-");
        requests.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
    }

    private String report() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("go", goAt);
        ObjectNode byKind = report.putObject("kinds");
        kinds.forEach((k, v) -> byKind.put(k, v.get()));
        ObjectNode bySecond = report.putObject("kindsBySecond");
        kindsBySecond.forEach((k, v) -> {
            ArrayNode counts = bySecond.putArray(k);
            for (int i = 0; i < v.length(); i++) counts.add(v.get(i));
        });
        ArrayNode list = report.putArray("targets");
        for (Target target : targets) {
            ObjectNode t = list.addObject();
            t.put("kind", target.kind());
            t.put("name", target.name());
            Long healthy = healthyAt.get(target.name());
            if (healthy != null) {
                t.put("healthyAt", healthy);
            }
            ArrayNode times = t.putArray("requests");
            requests.getOrDefault(target.name(), List.of()).forEach(times::add);
        }
        return report.toString();
    }
}
