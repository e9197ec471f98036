package io.jenkins.plugins.gitops.core.pr.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.pr.GitHubPulls;
import io.jenkins.plugins.gitops.core.pr.MergeOutcome;
import io.jenkins.plugins.gitops.core.pr.MergeWatch;
import io.jenkins.plugins.gitops.core.pr.PullRequestHost;
import io.jenkins.plugins.gitops.core.testing.BenchFigures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * 200 pull requests waited on at once, with the shared merge watch and the naive way (a thread and a client per
 * wait, reading its pull request every second), against GitHub simulators in a child JVM that merge them at random
 * moments: threads added in this JVM, requests per pull request per 10 s, and merge-to-done latency, with the ratio
 * of the two in the same run. Run it with {@code bench/pr}.
 */
public final class PullRequestBenchmark {
    private record Pull(PullRequestHost host, String key, int number) {}

    record Figures(int threadsAdded, String threadsLeft, double requestsPerPullPer10s, double notModifiedShare,
            long p50, long p95, long max, int done, int pulls) {}

    private PullRequestBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int pulls = Integer.parseInt(options.getOrDefault("pulls", "200"));
        int repos = Integer.parseInt(options.getOrDefault("repos", "4"));
        int spread = Integer.parseInt(options.getOrDefault("spread-seconds", "20"));
        boolean naive = !options.getOrDefault("naive", "yes").equals("no");
        Path dir = Files.createTempDirectory("gitops-pr-bench");
        System.out.println("bench/pr: " + pulls + " pull requests in " + repos + " repositories, merged at random over "
                + spread + " s; GitHub simulators in a child JVM");
        Figures engine = measure(true, pulls, repos, spread, dir.resolve("engine"));
        Figures plain = naive ? measure(false, pulls, repos, spread, dir.resolve("naive")) : null;
        report(engine, plain);
    }

    private static Figures measure(boolean shared, int pulls, int repos, int spread, Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PullBenchSimulators.class.getName(), "--dir", dir.toString(),
                "--repos", Integer.toString(repos), "--pulls", Integer.toString(pulls), "--spread-seconds",
                Integer.toString(spread));
        Process child = new ProcessBuilder(command).redirectError(dir.resolve("simulators.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
        try {
            String ready = expect(out, "READY ").substring("READY ".length());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Set<Thread> existing = Thread.getAllStackTraces().keySet();
            int before = threads.getThreadCount();
            threads.resetPeakThreadCount();
            Map<String, Long> doneAt = new ConcurrentHashMap<>();
            Instant deadline = Instant.now().plusSeconds(spread + 60L);
            in.println("GO");
            expect(out, "GOING");
            long started = System.currentTimeMillis();
            String left;
            if (shared) {
                try (MergeWatch watch = MergeWatch.create()) {
                    List<CompletableFuture<MergeOutcome>> waits = new ArrayList<>();
                    for (Pull pull : pulls(ready, watch)) {
                        waits.add(watch.await(pull.host(), pull.number(), deadline, line -> { })
                                .whenComplete((outcome, error) -> {
                                    if (outcome instanceof MergeOutcome.Merged) doneAt.put(pull.key(), System.currentTimeMillis());
                                    else System.err.println(pull.key() + ": " + outcome + " " + error);
                                }));
                    }
                    CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(spread + 90L, TimeUnit.SECONDS);
                    left = BenchFigures.threadsAdded(existing);
                }
            } else {
                List<Thread> started2 = new ArrayList<>();
                for (Pull pull : pulls(ready, null)) {
                    Thread t = new Thread(() -> pollNaively(pull, deadline, doneAt), "naive-wait");
                    t.start();
                    started2.add(t);
                }
                for (Thread t : started2) t.join(Duration.between(Instant.now(), deadline).plusSeconds(5).toMillis() + 1);
                left = BenchFigures.threadsAdded(existing);
            }
            long window = System.currentTimeMillis() - started;
            int added = threads.getPeakThreadCount() - before;
            in.println("REPORT");
            JsonNode report = new ObjectMapper().readTree(expect(out, "{"));
            return figures(added, left, doneAt, report, window, pulls);
        } finally {
            in.println("QUIT");
            if (!child.waitFor(20, TimeUnit.SECONDS)) child.destroyForcibly();
        }
    }

    /** The naive way: a thread and a client of its own per wait, reading the pull request every second. */
    private static void pollNaively(Pull pull, Instant deadline, Map<String, Long> doneAt) {
        while (Instant.now().isBefore(deadline)) {
            try {
                if (pull.host().get(pull.number()).state().equals("merged")) {
                    doneAt.put(pull.key(), System.currentTimeMillis());
                    return;
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println(pull.key() + ": " + e.getMessage());
            }
        }
    }

    private static List<Pull> pulls(String ready, MergeWatch watch) {
        List<Pull> pulls = new ArrayList<>();
        String[] repos = ready.split(";");
        for (int r = 0; r < repos.length; r++) {
            String[] parts = repos[r].split("\\|");
            for (String number : parts[2].split(",")) {
                PullRequestHost host = GitHubPulls.forRepository(parts[1], parts[0], PullBenchSimulators.TOKEN,
                        Duration.ofSeconds(30), watch == null ? null : watch.httpClient());
                pulls.add(new Pull(host, r + ":" + number, Integer.parseInt(number)));
            }
        }
        return pulls;
    }

    private static Figures figures(int added, String left, Map<String, Long> doneAt, JsonNode report, long window,
            int pulls) {
        List<Long> latencies = new ArrayList<>();
        report.path("merged").fields().forEachRemaining(e -> {
            Long done = doneAt.get(e.getKey());
            if (done != null) latencies.add(Math.max(0, done - e.getValue().asLong()));
        });
        latencies.sort(null);
        int requests = report.path("requests").asInt();
        return new Figures(added, left, requests / (double) pulls / (window / 10_000.0),
                requests == 0 ? 0 : report.path("notModified").asInt() / (double) requests, BenchFigures.percentile(latencies, 50),
                BenchFigures.percentile(latencies, 95), latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1),
                doneAt.size(), pulls);
    }



    private static String expect(BufferedReader out, String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) return line;
        }
        throw new IOException("the simulator process ended before it printed '" + prefix + "'; see simulators.log");
    }

    private static void report(Figures engine, Figures naive) {
        System.out.printf("%-52s %14s %14s %8s%n", "", "shared watch", "naive", "ratio");
        row("pull requests merged and seen merged", engine.done() + "/" + engine.pulls(),
                naive == null ? "" : naive.done() + "/" + naive.pulls(), "");
        row("threads added during the run (peak - before)", engine.threadsAdded() + "",
                naive == null ? "" : naive.threadsAdded() + "", naive == null ? "" : ratio(engine.threadsAdded(), naive.threadsAdded()));
        row("  still running when the waits are done", engine.threadsLeft(), "", "");
        row("requests per pull request per 10 s", String.format("%.2f", engine.requestsPerPullPer10s()),
                naive == null ? "" : String.format("%.2f", naive.requestsPerPullPer10s()),
                naive == null ? "" : ratio(engine.requestsPerPullPer10s(), naive.requestsPerPullPer10s()));
        row("  of them answered 304 Not Modified", String.format("%.0f%%", 100 * engine.notModifiedShare()), "", "");
        row("merge-to-done p50 (ms)", engine.p50() + "", naive == null ? "" : naive.p50() + "",
                naive == null ? "" : ratio(engine.p50(), naive.p50()));
        row("merge-to-done p95 (ms)", engine.p95() + "", naive == null ? "" : naive.p95() + "",
                naive == null ? "" : ratio(engine.p95(), naive.p95()));
        row("merge-to-done max (ms)", engine.max() + "", naive == null ? "" : naive.max() + "", "");
        System.out.println();
        System.out.println("targets: threads added <= 8: " + (engine.threadsAdded() <= 8 ? "met" : "MISSED")
                + "; <= 1 request per pull request per 10 s: " + (engine.requestsPerPullPer10s() <= 1 ? "met" : "MISSED")
                + "; merge-to-done p95 <= 2 s: " + (engine.p95() >= 0 && engine.p95() <= 2000 ? "met" : "MISSED"));
    }

    private static void row(String name, String engine, String naive, String ratio) {
        System.out.printf("%-52s %14s %14s %8s%n", name, engine, naive, ratio);
    }

    private static String ratio(double ours, double theirs) {
        return theirs == 0 ? "" : String.format("%.2fx", ours / theirs);
    }
}
