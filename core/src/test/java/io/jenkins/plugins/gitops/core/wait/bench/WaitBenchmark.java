package io.jenkins.plugins.gitops.core.wait.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.testing.BenchFigures;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.WaitListener;
import io.jenkins.plugins.gitops.core.wait.WaitOutcome;
import io.jenkins.plugins.gitops.core.wait.WaitRequest;
import io.jenkins.plugins.gitops.core.wait.WaitTarget;
import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How much 500 concurrent waits cost, with the engine and the naive way, in one run: threads added in this JVM (the
 * reconcilers run in a child process, {@link BenchSimulators}), requests per target per second at the reconcilers,
 * and the delay from a target turning healthy to its waits finishing. Run it with {@code bench/wait}; options
 * {@code --waits N --targets N --spread-seconds N --step-millis N --naive yes|no}; with {@code --naive no} only the
 * engine runs (5,000 threads of the naive way would measure the machine, not the waits). Heap per wait: the heap
 * left after a collection once every wait is registered, less the heap before, over the number of waits.
 */
public final class WaitBenchmark {
    private static final long BURST_MILLIS = 2000;

    /** One target of the run, as the simulators name it. */
    record Target(String kind, String name) {
    }

    /** How one wait ended, and when this JVM learned it. */
    record Result(Target target, String outcome, long doneAt) {
    }

    /** What one way of waiting cost. */
    record Figures(int threadsAdded, String threadsLeft, double requestsPerTargetSecond, double busiestTargetPerSecond,
            double afterBurstPerTargetSecond, double afterOwnBurstPerTargetSecond, long p50, long p95, long max, long done,
            int waits, double seconds, long heapPerWait) {
    }

    private WaitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--waits", "500", "--targets", "50", "--spread-seconds", "20",
                "--step-millis", "100", "--naive", "yes"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int waits = Integer.parseInt(options.get("--waits"));
        int count = Integer.parseInt(options.get("--targets"));
        int spread = Integer.parseInt(options.get("--spread-seconds"));
        long step = Long.parseLong(options.get("--step-millis"));
        List<Target> targets = targets(count / 2, count * 3 / 10, count - count / 2 - count * 3 / 10);

        Path work = Files.createTempDirectory("gitops-wait-bench");
        try {
            System.out.printf("%d waits on %d targets (%s), each healthy 1-%d s after the commit; Argo CD answers a"
                    + " refresh after %.1f-%.1f s; %d CPUs, common pool parallelism %d%n", waits, count, describe(targets),
                    spread, BenchSimulators.REFRESH_LATENCY_MIN.toMillis() / 1000.0,
                    BenchSimulators.REFRESH_LATENCY_MAX.toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(),
                    ForkJoinPool.getCommonPoolParallelism());
            Figures engine = measure(true, waits, targets, spread, step, Files.createDirectory(work.resolve("engine")));
            Figures naive = options.get("--naive").equals("yes")
                    ? measure(false, waits, targets, spread, step, Files.createDirectory(work.resolve("naive")))
                    : null;
            print(engine, naive);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Target> targets(int argocd, int flux, int rollouts) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < argocd; i++) {
            targets.add(new Target("argocd", String.format("app-%02d", i)));
        }
        for (int i = 0; i < flux; i++) {
            targets.add(new Target("flux", String.format("ks-%02d", i)));
        }
        for (int i = 0; i < rollouts; i++) {
            targets.add(new Target("rollout", String.format("web-%02d", i)));
        }
        return targets;
    }

    private static String describe(List<Target> targets) {
        long argocd = targets.stream().filter(t -> t.kind().equals("argocd")).count();
        long flux = targets.stream().filter(t -> t.kind().equals("flux")).count();
        return argocd + " Argo CD applications, " + flux + " Flux Kustomizations, " + (targets.size() - argocd - flux)
                + " Deployments";
    }

    private static Figures measure(boolean withEngine, int waits, List<Target> targets, int spread, long step, Path dir)
            throws Exception {
        long argocd = targets.stream().filter(t -> t.kind().equals("argocd")).count();
        long flux = targets.stream().filter(t -> t.kind().equals("flux")).count();
        try (SimulatorProcess sims = new SimulatorProcess(dir, (int) argocd, (int) flux,
                (int) (targets.size() - argocd - flux), spread, step);
                ConfigRepo repo = ConfigRepo.open(dir.resolve("config.git").toFile())) {
            String ours = sims.commit();
            Ancestry ancestry = repo.ancestry(dir.resolve("clone.git").toFile());
            Instant deadline = Instant.now().plusSeconds(spread + 60L);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Set<Thread> existing = Thread.getAllStackTraces().keySet();
            int before = threads.getThreadCount();
            threads.resetPeakThreadCount();
            sims.go();
            StringBuilder left = new StringBuilder();
            long[] heap = new long[1];
            Result[] results = withEngine
                    ? awaitWithEngine(waits, targets, sims, ours, ancestry, deadline, () -> left.append(BenchFigures.threadsAdded(existing)), heap)
                    : awaitNaively(waits, targets, sims, ours, deadline);
            return figures(threads.getPeakThreadCount() - before, left.toString(), results, targets, sims.report(),
                    heap[0]);
        }
    }


    private static Result[] awaitWithEngine(int waits, List<Target> targets, SimulatorProcess sims, String ours,
            Ancestry ancestry, Instant deadline, Runnable beforeClose, long[] heapPerWait) throws Exception {
        Result[] results = new Result[waits];
        long heapBefore = heapAfterCollection();
        try (Waits engine = Waits.create()) {
            CompletableFuture<?>[] futures = new CompletableFuture<?>[waits];
            for (int i = 0; i < waits; i++) {
                Target target = targets.get(i % targets.size());
                int index = i;
                futures[i] = engine.await(request(target, sims, ours, deadline), ancestry, WaitListener.NONE)
                        .thenAccept(outcome -> results[index] = new Result(target, kind(outcome), System.currentTimeMillis()));
            }
            heapPerWait[0] = Math.max(0, heapAfterCollection() - heapBefore) / waits;
            CompletableFuture.allOf(futures).get(Duration.between(Instant.now(), deadline).toSeconds() + 30, TimeUnit.SECONDS);
            beforeClose.run();
        }
        return results;
    }

    private static Result[] awaitNaively(int waits, List<Target> targets, SimulatorProcess sims, String ours,
            Instant deadline) throws InterruptedException {
        Result[] results = new Result[waits];
        NaiveWaiters naive = new NaiveWaiters(sims.argoUrl, sims.kubeUrl, ours);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < waits; i++) {
            Target target = targets.get(i % targets.size());
            int index = i;
            started.add(naive.start(target.kind(), target.name(), deadline, at -> results[index] = new Result(target, "done", at)));
        }
        for (Thread thread : started) {
            thread.join(Duration.between(Instant.now(), deadline).plusSeconds(5).toMillis() + 1);
        }
        return results;
    }

    private static WaitRequest request(Target target, SimulatorProcess sims, String ours, Instant deadline) {
        ConfigCommit commit = new ConfigCommit(ConfigRepo.URL, ConfigRepo.BRANCH, ConfigRepo.BRANCH, ours);
        WaitTarget wait = switch (target.kind()) {
            case "argocd" -> new ArgoCdTarget(sims.argoUrl, ArgoCdSimulator.TOKEN, "shop", target.name(), false, null);
            case "flux" -> new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, sims.kubeUrl, KubeSimulator.TOKEN, null,
                    "flux-system", target.name());
            default -> new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, sims.kubeUrl, KubeSimulator.TOKEN, null, "shop",
                    target.name());
        };
        return new WaitRequest(wait, wait instanceof RolloutTarget ? null : commit, deadline);
    }

    private static String kind(WaitOutcome outcome) {
        if (outcome instanceof WaitOutcome.Done) {
            return "done";
        }
        System.err.println("not done: " + outcome.describe());
        return outcome instanceof WaitOutcome.Failed ? "failed" : "timed out";
    }

    private static Figures figures(int threadsAdded, String threadsLeft, Result[] results, List<Target> targets, JsonNode report,
            long heapPerWait) {
        long go = report.path("go").asLong();
        System.out.println("requests after the commit, by kind: " + report.path("kinds"));
        report.path("kindsBySecond").fields().forEachRemaining(e ->
                System.out.println("  " + e.getKey() + " by second after the commit: " + e.getValue()));
        Map<String, Long> healthyAt = new HashMap<>();
        Map<String, List<Long>> requests = new HashMap<>();
        for (JsonNode t : report.path("targets")) {
            if (t.has("healthyAt")) {
                healthyAt.put(t.path("name").asText(), t.path("healthyAt").asLong());
            }
            List<Long> times = new ArrayList<>();
            t.path("requests").forEach(r -> times.add(r.asLong()));
            requests.put(t.path("name").asText(), times);
        }
        long end = go;
        List<Long> latencies = new ArrayList<>();
        long done = 0;
        for (Result r : results) {
            if (r == null) {
                continue;
            }
            end = Math.max(end, r.doneAt());
            Long healthy = healthyAt.get(r.target().name());
            if (r.outcome().equals("done") && healthy != null) {
                done++;
                latencies.add(Math.max(0, r.doneAt() - healthy));
            }
        }
        double window = Math.max(1, end - go) / 1000.0;
        long total = 0;
        long afterBurst = 0;
        long afterOwnBurst = 0;
        double ownWindows = 0;
        double busiest = 0;
        for (Target target : targets) {
            long finalEnd = end;
            List<Long> times = requests.getOrDefault(target.name(), List.of());
            long inWindow = times.stream().filter(t -> t >= go && t <= finalEnd).count();
            total += inWindow;
            afterBurst += times.stream().filter(t -> t >= go + BURST_MILLIS && t <= finalEnd).count();
            long first = times.stream().filter(t -> t >= go).mapToLong(Long::longValue).min().orElse(go);
            afterOwnBurst += times.stream().filter(t -> t >= first + BURST_MILLIS && t <= finalEnd).count();
            ownWindows += Math.max(0.001, (finalEnd - first - BURST_MILLIS) / 1000.0);
            busiest = Math.max(busiest, inWindow / window);
        }
        latencies.sort(null);
        return new Figures(threadsAdded, threadsLeft, total / (double) targets.size() / window, busiest,
                afterBurst / (double) targets.size() / Math.max(0.001, window - BURST_MILLIS / 1000.0),
                afterOwnBurst / ownWindows, BenchFigures.percentile(latencies, 50), BenchFigures.percentile(latencies, 95), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
                done, results.length, window, heapPerWait);
    }

    private static long heapAfterCollection() {
        for (int i = 0; i < 2; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }


    private static void print(Figures engine, Figures naive) {
        Figures n = naive != null ? naive : new Figures(0, "", 0, 0, 0, 0, -1, -1, -1, 0, 0, 0, 0);
        String none = naive == null ? "not run" : null;
        System.out.println();
        System.out.println("| | engine (`Waits`: shared watches) | naive (a thread and a 1 s poll per wait) | ratio |");
        System.out.println("| --- | --- | --- | --- |");
        row("threads added during the run (peak - before)", engine.threadsAdded() + "", or(none, n.threadsAdded() + ""),
                naive == null ? "" : ratio(n.threadsAdded(), engine.threadsAdded()));
        row("of which still running when the waits are done", engine.threadsLeft(), "", "");
        row("requests per target per second, mean", f(engine.requestsPerTargetSecond()), or(none, f(n.requestsPerTargetSecond())),
                naive == null ? "" : ratio(n.requestsPerTargetSecond(), engine.requestsPerTargetSecond()));
        row("requests per target per second, busiest target", f(engine.busiestTargetPerSecond()),
                or(none, f(n.busiestTargetPerSecond())),
                naive == null ? "" : ratio(n.busiestTargetPerSecond(), engine.busiestTargetPerSecond()));
        row("requests per target per second after the first 2 s", f(engine.afterBurstPerTargetSecond()),
                or(none, f(n.afterBurstPerTargetSecond())),
                naive == null ? "" : ratio(n.afterBurstPerTargetSecond(), engine.afterBurstPerTargetSecond()));
        row("requests per target per second after the target's own first 2 s", f(engine.afterOwnBurstPerTargetSecond()),
                or(none, f(n.afterOwnBurstPerTargetSecond())), "");
        row("healthy to wait done, p50 / p95 / max", ms(engine), or(none, ms(n)), "");
        row("waits done", engine.done() + " of " + engine.waits(), or(none, n.done() + " of " + n.waits()), "");
        row("heap per wait (left after a collection, all waits registered)",
                String.format(Locale.ROOT, "%.1f KB", engine.heapPerWait() / 1024.0), "", "");
        row("run (commit to last wait done)", String.format(Locale.ROOT, "%.1f s", engine.seconds()),
                or(none, String.format(Locale.ROOT, "%.1f s", n.seconds())), "");
    }

    private static String or(String none, String value) {
        return none != null ? none : value;
    }

    private static void row(String what, String engine, String naive, String ratio) {
        System.out.println("| " + what + " | " + engine + " | " + naive + " | " + ratio + " |");
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ms(Figures f) {
        return f.p50() + " / " + f.p95() + " / " + f.max() + " ms";
    }

    private static String ratio(double naive, double engine) {
        return engine <= 0 ? "" : String.format(Locale.ROOT, "%.0fx", naive / engine);
    }
}
