package io.jenkins.plugins.gitops.core.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs of the real command line, {@code gitops commit} through its launcher ({@code cli/target/gitops}, a new JVM each
 * time), with the class data sharing archive in a folder of the benchmark run's, so that the first run makes it as on
 * a fresh machine. (d): lanes of runs at once, each lane with a cache of its own, as separate CI runners have; a lane
 * runs its commits one after another. Reports landed commits, wall time and push attempts from the runs' JSON.
 */
final class CliLanes {
    private static final Pattern ATTEMPTS = Pattern.compile("\"attempts\"\\s*:\\s*(\\d+)");

    private final Path launcher;
    private final Path run;
    private final String url;
    private final String user;
    private final String password;

    CliLanes(Path launcher, Path run, String url, String user, String password) {
        this.launcher = launcher;
        this.run = run;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    record Result(int runs, int succeeded, double seconds, int attempts, String firstFailure) {}

    /** Runs {@code lanes} × {@code perLane} commits, each to a file from {@code files}, with subject {@code message FILE}. */
    Result run(int lanes, int perLane, Supplier<String> files, String message, List<String> filesUsed)
            throws IOException, InterruptedException {
        List<List<String>> laneFiles = new ArrayList<>();
        for (int l = 0; l < lanes; l++) {
            List<String> f = new ArrayList<>();
            for (int i = 0; i < perLane; i++) f.add(files.get());
            laneFiles.add(f);
            filesUsed.addAll(f);
        }
        List<Thread> threads = new ArrayList<>();
        int[] ok = new int[lanes];
        int[] attempts = new int[lanes];
        String[] failure = new String[lanes];
        long start = System.nanoTime();
        for (int l = 0; l < lanes; l++) {
            int lane = l;
            Thread t = new Thread(() -> {
                Path cache = run.resolve("cli-lane-" + lane + "-cache");
                for (int i = 0; i < perLane; i++) {
                    String file = laneFiles.get(lane).get(i);
                    try {
                        String out = once(cache, file, message + " " + file, "lane" + lane + "-" + i);
                        Matcher m = ATTEMPTS.matcher(out);
                        if (m.find()) attempts[lane] += Integer.parseInt(m.group(1));
                        ok[lane]++;
                    } catch (IOException | RuntimeException e) {
                        if (failure[lane] == null) failure[lane] = e.getMessage();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "cli-lane-" + l);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        double wall = (System.nanoTime() - start) / 1e9;
        int succeeded = 0;
        int totalAttempts = 0;
        String first = null;
        for (int l = 0; l < lanes; l++) {
            succeeded += ok[l];
            totalAttempts += attempts[l];
            if (first == null) first = failure[l];
        }
        return new Result(lanes * perLane, succeeded, wall, totalAttempts, first);
    }

    /** One {@code gitops commit} setting {@code image.tag} in {@code file}; returns its JSON. */
    String once(Path cache, String file, String message, String label) throws IOException, InterruptedException {
        Path err = run.resolve("cli-" + label + ".log");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "commit", "--repo", url,
                "--branch", "main", "-m", message, "--cache-dir", cache.toString(), "--change-id", "bench-d/" + label,
                "--yaml-value", file, "image.tag", "cli-d").redirectError(err.toFile());
        pb.environment().put("GITOPS_JAVA_OPTS", "-Xmx256m");
        pb.environment().put("GITOPS_CDS_DIR", run.resolve("cds").toString());
        pb.environment().put("GITOPS_USERNAME", user);
        pb.environment().put("GITOPS_PASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(err);
            throw new IOException("gitops commit " + label + " failed: "
                    + (lines.isEmpty() ? out.strip() : lines.get(lines.size() - 1)));
        }
        return out;
    }
}
