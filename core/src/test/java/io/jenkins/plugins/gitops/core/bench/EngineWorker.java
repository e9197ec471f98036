package io.jenkins.plugins.gitops.core.bench;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.Identity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine side of the benchmark, in a JVM of its own started with {@code -Xmx256m}, so that its heap is the
 * engine's alone. The orchestrator drives it one line at a time on standard input (tab-separated), so that engine and
 * git CLI runs can be interleaved and share the machine's noise:
 * <ul>
 *   <li>{@code commit CACHE FILE VALUE MESSAGE} sets {@code image.tag} in FILE; answers {@code ok MILLIS SHA ATTEMPTS}</li>
 *   <li>{@code burst CACHE FILE1,FILE2,.. VALUE MESSAGE} one thread per file, all released at once; answers
 *       {@code ok WALL_MILLIS LANDED FAILED TOTAL_ATTEMPTS}</li>
 *   <li>{@code heap} answers {@code ok PEAK_BYTES LIVE_BYTES} since the previous {@code heap}</li>
 *   <li>{@code sign KEYFILE PASSPHRASE} signs the commits that follow with that OpenPGP key; {@code unsign} stops</li>
 * </ul>
 * Errors answer {@code error MESSAGE}. The URL is the first argument; credentials come from the environment.
 */
public final class EngineWorker {
    private static final AtomicLong KEYS = new AtomicLong(System.currentTimeMillis());
    private final String url;
    private final Credentials credentials;
    private volatile io.jenkins.plugins.gitops.core.sign.CommitSigner signer;

    private EngineWorker(String url) {
        this.url = url;
        this.credentials = new Credentials.UsernamePassword(Bench.env(Bench.USER_ENV), Bench.env(Bench.PASSWORD_ENV));
    }

    public static void main(String[] args) throws Exception {
        EngineWorker worker = new EngineWorker(args[0]);
        HeapMeter heap = new HeapMeter();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t");
            String answer;
            try {
                answer = switch (f[0]) {
                    case "commit" -> worker.timedCommit(Path.of(f[1]), f[2], f[3], f[4]);
                    case "burst" -> worker.burst(Path.of(f[1]), List.of(f[2].split(",")), f[3], f[4]);
                    case "heap" -> {
                        HeapMeter.Peak p = heap.takeAndReset();
                        yield "ok\t" + p.used() + "\t" + p.liveAfterGc();
                    }
                    case "sign" -> {
                        worker.signer = io.jenkins.plugins.gitops.core.sign.CommitSigner.read(f[1],
                                java.nio.file.Files.readString(Path.of(f[1])), f[2].toCharArray());
                        yield "ok";
                    }
                    case "unsign" -> {
                        worker.signer = null;
                        yield "ok";
                    }
                    case "quit" -> null;
                    default -> "error\tunknown command " + f[0];
                };
            } catch (RuntimeException e) {
                answer = "error\t" + oneLine(String.valueOf(e.getMessage()));
            }
            if (answer == null) break;
            System.out.println(answer);
            System.out.flush();
        }
    }

    private String timedCommit(Path cache, String file, String value, String message) {
        List<String> log = new ArrayList<>();
        long start = System.nanoTime();
        CommitResult r = commit(cache, file, value, message, "bench", log);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return "ok\t" + millis + "\t" + r.commit() + "\t" + r.attempts();
    }

    private String burst(Path cache, List<String> files, String value, String message) throws RuntimeException {
        CountDownLatch ready = new CountDownLatch(files.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            String owner = "committer-" + i;
            String msg = message + " " + file;
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    attempts.add(commit(cache, file, value, msg, owner, new ArrayList<>()).attempts());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failures.add(oneLine(String.valueOf(e.getMessage())));
                }
            }, owner);
            t.start();
            threads.add(t);
        }
        try {
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : threads) t.join();
            long wall = (System.nanoTime() - start) / 1_000_000;
            int total = attempts.stream().mapToInt(Integer::intValue).sum();
            return "ok\t" + wall + "\t" + attempts.size() + "\t" + failures.size() + "\t" + total
                    + (failures.isEmpty() ? "" : "\t" + failures.get(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CommitResult commit(Path cache, String file, String value, String message, String owner, List<String> log) {
        // Like the Jenkins step, every request carries an idempotency key, so the engine also looks for it on the branch.
        CommitRequest request = CommitRequest.builder(url).branch("main").message(message)
                .idempotencyKey("bench/" + owner + "#" + KEYS.incrementAndGet())
                .changes(new YamlValue(file, "image.tag", value, Map.of()))
                .author(new Identity("GitOps Bridge Bench", "bench@example.com"))
                .credentials(credentials).owner(owner).signer(signer).build();
        CommitResult r = new GitopsCommitter(cache).commit(request, log::add);
        if (!r.changed()) throw new IllegalStateException("nothing changed in " + file + ": " + String.join(" | ", log));
        return r;
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
