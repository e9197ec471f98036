package io.jenkins.plugins.gitops.core.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Small helpers shared by the benchmark's processes: running git with a clean configuration, medians, folders. */
final class Bench {
    /** Environment variables that carry the benchmark's throwaway HTTP credentials to child processes (never argv). */
    static final String USER_ENV = "BENCH_GIT_USER";
    static final String PASSWORD_ENV = "BENCH_GIT_PASSWORD";

    private Bench() {}

    /** A git environment that ignores the user's and the system's configuration, with a fixed identity. */
    static void cleanGitEnv(Map<String, String> env) {
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "Shell Script");
        env.put("GIT_AUTHOR_EMAIL", "shell@example.com");
        env.put("GIT_COMMITTER_NAME", "Shell Script");
        env.put("GIT_COMMITTER_EMAIL", "shell@example.com");
        env.put("GIT_TERMINAL_PROMPT", "0");
    }

    /** Runs git in {@code dir}; returns standard output, or throws with standard error when git fails. */
    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        cleanGitEnv(pb.environment());
        Path err = Files.createTempFile("bench-git", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + Files.readString(err).strip());
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) throw new IllegalStateException(name + " is not set");
        return v;
    }
}
