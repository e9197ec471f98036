package io.jenkins.plugins.gitops.core.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the engine's commits against the git command line doing the same work ({@code clone --depth 1}, edit,
 * commit, push; {@code bench/git-commit.sh}) on one generated config repository served over smart HTTP with basic auth:
 * (a) a cold first commit, (a') the same by {@code gitops commit} in a new JVM, (b) warm commits with the engine's
 * cache, (c) many committers at once in one engine, (d) {@code gitops commit} processes at once. Engine and CLI runs
 * are interleaved so that both see the same machine noise, and medians are reported.
 *
 * <p>Three kinds of process: this orchestrator (idle while timing), the git server ({@link BenchGitServer}) and the
 * engine ({@link EngineWorker}, {@code -Xmx256m}), so that the engine's heap figure is its own. Run it with
 * {@code bench/commit}; options are {@code --name=value}, see {@link Options}.
 */
public final class CommitBenchmark {
    /**
     * @param work        folder for the generated repository (kept) and each run's files (replaced); by default in
     *                    memory ({@code /dev/shm}) when the machine has it, so that a slow or busy disk does not
     *                    dominate: that favours the git CLI, which writes every file of a clone
     *                    (a contended virtual disk here took 15-45 s for what tmpfs does in 1.3 s)
     * @param script      the git CLI baseline script
     * @param files       manifest files in the repository
     * @param commits     commits in its history
     * @param cold        cold runs of each side, (a)
     * @param warm        warm engine commits, (b)
     * @param committers  committers at once, (c)
     * @param engineBursts rounds of (c) for the engine
     * @param cliBursts   rounds of (c) for the git CLI
     * @param cliAttempts push attempts each CLI committer makes in (c) before giving up
     * @param cliSeconds  time limit of one CLI round of (c); committers still running then are stopped
     * @param server      {@code git} for C git's http-backend behind Jetty, {@code jgit} for JGit's GitServlet
     * @param newJvm      cold engine commits in a new JVM each, as the {@code gitops} command line makes them
     * @param gitops      the command line's launcher, for (a') and (d)
     * @param lanes       (d): {@code gitops commit} processes at once
     * @param perLane     (d): commits each of them makes, one after another
     */
    record Options(Path work, Path script, int files, int commits, int cold, int warm, int committers,
            int engineBursts, int cliBursts, int cliAttempts, int cliSeconds, String server, int newJvm,
            Path gitops, int lanes, int perLane) {
        static Options parse(String[] args) {
            Path shm = Path.of("/dev/shm");
            String work = Files.isDirectory(shm) && Files.isWritable(shm) ? shm.resolve("gitops-bridge-bench").toString() : "bench-work";
            Map<String, String> o = new LinkedHashMap<>(Map.of("work", work, "script", "bench/git-commit.sh",
                    "files", "20000", "commits", "5000", "cold", "5", "warm", "15", "committers", "32",
                    "engine-bursts", "3", "cli-bursts", "1", "cli-attempts", "64"));
            o.put("cli-seconds", "120");
            o.put("server", "git");
            o.put("new-jvm", "3");
            o.put("gitops", "cli/target/gitops");
            o.put("lanes", "8");
            o.put("per-lane", "4");
            for (String a : args) {
                String[] kv = a.replaceFirst("^--", "").split("=", 2);
                if (kv.length != 2 || !o.containsKey(kv[0])) throw new IllegalArgumentException("Unknown option " + a + "; known: " + o.keySet());
                o.put(kv[0], kv[1]);
            }
            return new Options(Path.of(o.get("work")).toAbsolutePath(), Path.of(o.get("script")).toAbsolutePath(),
                    Integer.parseInt(o.get("files")), Integer.parseInt(o.get("commits")), Integer.parseInt(o.get("cold")),
                    Integer.parseInt(o.get("warm")), Integer.parseInt(o.get("committers")),
                    Integer.parseInt(o.get("engine-bursts")), Integer.parseInt(o.get("cli-bursts")),
                    Integer.parseInt(o.get("cli-attempts")), Integer.parseInt(o.get("cli-seconds")), o.get("server"),
                    Integer.parseInt(o.get("new-jvm")), Path.of(o.get("gitops")).toAbsolutePath(),
                    Integer.parseInt(o.get("lanes")), Integer.parseInt(o.get("per-lane")));
        }
    }

    /** One round of committers at once: how many landed, in what wall time, with how many push attempts. */
    record Burst(int committers, int landed, double seconds, int attempts) {
        double perSecond() {
            return landed / seconds;
        }
    }

    private static final String USER = "bench";
    private static final double MB = 1024.0 * 1024.0;

    private final Options options;
    private final ConfigRepo repo;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final Path run;
    private final Path served;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath = System.getProperty("java.class.path");
    private final PrintWriter report;
    private int nextApp;
    /** Seconds of {@code git push} alone in the CLI's cold runs: what one push to this server costs. */
    private final List<Double> gitPushAlone = new ArrayList<>();
    private double firstGitopsRun;
    private String url;
    private Process server;
    private Process engine;
    private PrintWriter engineIn;
    private BufferedReader engineOut;

    private CommitBenchmark(Options options) throws IOException {
        this.options = options;
        this.repo = new ConfigRepo(options.files(), options.commits());
        this.run = options.work().resolve("run");
        this.served = run.resolve("served");
        Files.createDirectories(options.work());
        this.report = new PrintWriter(Files.newBufferedWriter(options.work().resolve("results.txt"), StandardCharsets.UTF_8), true);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        CommitBenchmark bench = new CommitBenchmark(options);
        try {
            bench.runAll();
        } finally {
            bench.stop();
        }
    }

    private void runAll() throws Exception {
        long began = System.nanoTime();
        Path origin = ensureRepository();
        prepareRun(origin);
        startServer();
        startEngine();
        say("Server: " + (options.server().equals("git") ? "C git http-backend" : "JGit GitServlet")
                + " behind Jetty with basic auth, in its own JVM, " + url);
        say("Engine: its own JVM, -Xmx256m. Machine: " + Runtime.getRuntime().availableProcessors() + " cores, load "
                + loadAverage() + ". Files in " + options.work());

        // The server's first requests pay its JIT warm-up; a real git host is warm, and this is not the engine's cost.
        cli("warmup", "warm-up", 1);
        engine("heap");

        // (a) cold first commit: a new cache for the engine, a new clone for the CLI; alternate who goes first.
        List<Double> engineCold = new ArrayList<>();
        List<Double> cliCold = new ArrayList<>();
        for (int i = 0; i < options.cold(); i++) {
            for (int side = 0; side < 2; side++) {
                if ((side + i) % 2 == 0) {
                    engineCold.add(engineCommit(run.resolve("engine-cold-" + i), "a" + i));
                } else {
                    cliCold.add(cli("cli-cold-" + i, "cli-a" + i, 1));
                }
            }
        }
        String[] heapA = engine("heap");
        say("(a) engine cold: " + seconds(engineCold) + "  git CLI cold: " + seconds(cliCold));
        // (a') the same by `gitops commit`, a new JVM each time; its first run on this machine makes the launcher's
        // class data sharing archive, and is reported apart.
        List<Double> engineNewJvm = new ArrayList<>();
        if (options.newJvm() > 0) {
            firstGitopsRun = gitopsOnce(run.resolve("gitops-first"), "a'-first");
            say(String.format(Locale.ROOT, "(a') first gitops commit on this machine, making the archive: %.3f s", firstGitopsRun));
        }
        for (int i = 0; i < options.newJvm(); i++) engineNewJvm.add(gitopsOnce(run.resolve("gitops-once-" + i), "a'" + i));
        if (!engineNewJvm.isEmpty()) say("(a') gitops commit cold, a new JVM each: " + seconds(engineNewJvm));

        // (b) warm: one cache, primed once (not timed), then repeated commits; the branch does not move in between.
        Path warmCache = run.resolve("engine-warm");
        engineCommit(warmCache, "prime");
        List<Double> engineWarm = new ArrayList<>();
        for (int i = 0; i < options.warm(); i++) engineWarm.add(engineCommit(warmCache, "b" + i));
        // (b') warm after someone else pushed: each engine commit first has to fetch a foreign commit.
        List<Double> engineWarmMoved = new ArrayList<>();
        Path foreign = foreignClone();
        for (int i = 0; i < Math.max(1, options.warm() / 3); i++) {
            foreignPush(foreign, i);
            engineWarmMoved.add(engineCommit(warmCache, "b'" + i));
        }
        String[] heapB = engine("heap");
        say("(b) engine warm: " + seconds(engineWarm) + "  after a foreign push: " + seconds(engineWarmMoved));
        // (b-signed) the same warm commits signed with an OpenPGP key that real gpg made, interleaved with unsigned ones
        List<Double> unsignedPairs = new ArrayList<>();
        List<Double> signedPairs = new ArrayList<>();
        try (io.jenkins.plugins.gitops.core.testing.GpgKeyring keyring =
                new io.jenkins.plugins.gitops.core.testing.GpgKeyring("GitOps Bridge Bench <bench@example.com>", "bench")) {
            Path key = run.resolve("bench-signing-key.asc");
            Files.writeString(key, keyring.armoredSecretKey("bench@example.com"));
            for (int i = 0; i < options.warm(); i++) {
                unsignedPairs.add(engineCommit(warmCache, "u" + i));
                engine("sign", key.toString(), "bench");
                signedPairs.add(engineCommit(warmCache, "s" + i));
                engine("unsign");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        say("(b-signed) engine warm unsigned: " + seconds(unsignedPairs) + "  signed: " + seconds(signedPairs));
        // (b-signed-ssh) the same with an ed25519 key that real ssh-keygen made (gpg.format=ssh)
        List<Double> unsignedSshPairs = new ArrayList<>();
        List<Double> sshPairs = new ArrayList<>();
        try {
            Path keys = Files.createDirectories(run.resolve("bench-ssh-keys"));
            io.jenkins.plugins.gitops.core.testing.SshSigningKeys.Key key =
                    new io.jenkins.plugins.gitops.core.testing.SshSigningKeys(keys).make("bench", "ed25519", "bench");
            Path file = keys.resolve("bench");
            for (int i = 0; i < options.warm(); i++) {
                unsignedSshPairs.add(engineCommit(warmCache, "v" + i));
                engine("sign", file.toString(), "bench");
                sshPairs.add(engineCommit(warmCache, "t" + i));
                engine("unsign");
            }
            say("(b-signed-ssh) engine warm unsigned: " + seconds(unsignedSshPairs) + "  signed: " + seconds(sshPairs)
                    + " (key " + key.publicKey().substring(0, 11) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }

        // (c) committers at once: the engine's threads share one JVM (so one branch queue) and the warm cache.
        List<Burst> engineBursts = new ArrayList<>();
        for (int r = 0; r < options.engineBursts(); r++) engineBursts.add(engineBurst(warmCache, r));
        String[] heapC = engine("heap");
        List<Burst> cliBursts = new ArrayList<>();
        for (int r = 0; r < options.cliBursts(); r++) cliBursts.add(cliBurst(r));
        Burst lanes = options.lanes() > 0 ? gitopsLanes() : null;

        Bench.git(served.resolve("config.git"), "fsck", "--connectivity-only", "--no-progress");
        signedRows = new double[] {Bench.median(unsignedPairs), Bench.median(signedPairs), signedPairs.size()};
        sshSignedRows = new double[] {Bench.median(unsignedSshPairs), Bench.median(sshPairs), sshPairs.size()};
        printSummary(engineCold, cliCold, engineNewJvm, engineWarm, engineWarmMoved, engineBursts, cliBursts, lanes,
                new String[][] {heapA, heapB, heapC});
        say(String.format(Locale.ROOT, "Benchmark took %.0f s; results also in %s", (System.nanoTime() - began) / 1e9,
                options.work().resolve("results.txt")));
        removeRepositoriesOfTheRun();
    }

    /** After a successful run only its logs stay: the caches, clones and the served copy may be in memory. */
    private void removeRepositoriesOfTheRun() throws IOException {
        try (Stream<Path> entries = Files.list(run)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(p)) Bench.deleteTree(p);
            }
        }
    }

    // ---------------------------------------------------------------- repository and processes

    private Path ensureRepository() throws IOException, InterruptedException {
        Path dir = options.work().resolve(repo.name());
        if (Files.exists(dir.resolve("bench-complete"))) {
            say("Repository: reusing " + dir);
            return dir;
        }
        Bench.deleteTree(dir);
        Path tmp = options.work().resolve(repo.name() + ".tmp");
        Bench.deleteTree(tmp);
        say("Repository: generating " + options.files() + " files in " + options.commits() + " commits ...");
        long start = System.nanoTime();
        repo.generate(tmp);
        Files.writeString(tmp.resolve("bench-complete"), "");
        Files.move(tmp, dir);
        say(String.format(Locale.ROOT, "Repository: generated in %.1f s", (System.nanoTime() - start) / 1e9));
        return dir;
    }

    /**
     * A fresh copy of the generated repository for this run, so that every run starts from the same history. Hosts
     * repack in maintenance windows rather than after a push, so the copy never collects garbage on its own: that
     * would land in the middle of a measurement.
     */
    private void prepareRun(Path origin) throws IOException, InterruptedException {
        Bench.deleteTree(run);
        Path target = served.resolve("config.git");
        try (Stream<Path> walk = Files.walk(origin)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(origin.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().equals("bench-complete")) {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Bench.git(target, "config", "receive.autogc", "false");
        Bench.git(target, "config", "gc.auto", "0");
        Bench.git(target, "config", "http.receivepack", "true");
    }

    private ProcessBuilder javaProcess(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CLASSPATH", classpath);
        pb.environment().put(Bench.USER_ENV, USER);
        pb.environment().put(Bench.PASSWORD_ENV, password);
        return pb;
    }

    private void startServer() throws IOException {
        server = javaProcess("-Xmx1g", BenchGitServer.class.getName(), options.server(), served.toString())
                .redirectError(run.resolve("server.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) throw new IOException("git server did not start; see " + run.resolve("server.log"));
        url = "http://127.0.0.1:" + line.substring(5).strip() + "/git/config.git";
    }

    private void startEngine() throws IOException {
        engine = javaProcess("-Xmx256m", EngineWorker.class.getName(), url)
                .redirectError(run.resolve("engine.log").toFile()).start();
        engineIn = new PrintWriter(engine.getOutputStream(), true, StandardCharsets.UTF_8);
        engineOut = new BufferedReader(new InputStreamReader(engine.getInputStream(), StandardCharsets.UTF_8));
        if (!"ready".equals(engineOut.readLine())) throw new IOException("engine worker did not start; see " + run.resolve("engine.log"));
    }

    private void stop() throws InterruptedException {
        if (engineIn != null) engineIn.println("quit");
        for (Process p : new Process[] {engine, server}) {
            if (p == null) continue;
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        report.close();
    }

    // ---------------------------------------------------------------- the engine side

    private String[] engine(String... command) throws IOException {
        engineIn.println(String.join("\t", command));
        String line = engineOut.readLine();
        if (line == null) throw new IOException("engine worker died; see " + run.resolve("engine.log"));
        String[] f = line.split("\t");
        if (!f[0].equals("ok")) throw new IOException("engine: " + line);
        return f;
    }

    /** One engine commit to a file no other run touched; returns its seconds. */
    /** Unsigned and signed warm medians and the count, for the summary; null until measured. */
    private double[] signedRows;
    /** The same for SSH signatures. */
    private double[] sshSignedRows;

    private double engineCommit(Path cache, String label) throws IOException {
        String file = ConfigRepo.valuesFile(nextApp());
        String[] f = engine("commit", cache.toString(), file, "engine-" + label, "Bench engine " + label);
        return Long.parseLong(f[1]) / 1000.0;
    }

    /** One cold commit by {@code gitops commit} (a new JVM, through the launcher); returns its wall seconds. */
    private double gitopsOnce(Path cache, String label) throws IOException, InterruptedException {
        String file = ConfigRepo.valuesFile(nextApp());
        long start = System.nanoTime();
        gitops().once(cache, file, "Bench gitops " + label, label);
        return (System.nanoTime() - start) / 1e9;
    }

    private Burst engineBurst(Path cache, int round) throws IOException, InterruptedException {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < options.committers(); i++) files.add(ConfigRepo.valuesFile(nextApp()));
        String message = "Bench engine burst " + round;
        String[] f = engine("burst", cache.toString(), String.join(",", files), "engine-c" + round, message);
        int landed = landed(message, files);
        if (Integer.parseInt(f[3]) > 0) say("(c) engine round " + round + ": " + f[3] + " failed: " + (f.length > 5 ? f[5] : ""));
        Burst b = new Burst(options.committers(), landed, Long.parseLong(f[1]) / 1000.0, Integer.parseInt(f[4]));
        say(String.format(Locale.ROOT, "(c) engine round %d: %d of %d landed in %.2f s, %.1f commits/s, %d push attempts",
                round, b.landed(), b.committers(), b.seconds(), b.perSecond(), b.attempts()));
        return b;
    }

    private CliLanes gitops() throws IOException {
        if (!Files.isExecutable(options.gitops())) {
            throw new IOException("(a') and (d) need " + options.gitops() + "; build it with mvn -pl cli -am package");
        }
        return new CliLanes(options.gitops(), run, url, USER, password);
    }

    /** (d): {@code gitops commit} processes at once, against the same server. */
    private Burst gitopsLanes() throws IOException, InterruptedException {
        String message = "Bench gitops lanes";
        List<String> files = new ArrayList<>();
        CliLanes.Result r = gitops()
                .run(options.lanes(), options.perLane(), () -> ConfigRepo.valuesFile(nextApp()), message, files);
        int landed = landed(message, files);
        if (r.firstFailure() != null) say("(d) failed: " + r.firstFailure());
        Burst b = new Burst(r.runs(), landed, r.seconds(), r.attempts());
        say(String.format(Locale.ROOT, "(d) %d gitops commit processes x %d: %d of %d landed (%d said so) in %.1f s, %.2f commits/s,"
                + " %.2f push attempts per commit", options.lanes(), options.perLane(), landed, r.runs(), r.succeeded(),
                r.seconds(), b.perSecond(), r.succeeded() == 0 ? 0.0 : (double) r.attempts() / r.succeeded()));
        return b;
    }

    // ---------------------------------------------------------------- the git CLI side

    private ProcessBuilder cliProcess(String dir, String file, String value, String message, int attempts) {
        ProcessBuilder pb = new ProcessBuilder("bash", options.script().toString(), url, run.resolve(dir).toString(),
                file, value, message, String.valueOf(attempts));
        Bench.cleanGitEnv(pb.environment());
        pb.environment().put(Bench.USER_ENV, USER);
        pb.environment().put(Bench.PASSWORD_ENV, password);
        return pb.redirectError(run.resolve(dir + ".log").toFile());
    }

    /** One run of the CLI script in a new folder; returns its wall seconds. */
    private double cli(String dir, String label, int attempts) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = cliProcess(dir, ConfigRepo.valuesFile(nextApp()), "cli-" + label, "Bench CLI " + label, attempts).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || !out.contains("attempts=")) {
            throw new IOException("git CLI run " + dir + " failed; see " + run.resolve(dir + ".log"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.lines().filter(l -> l.startsWith("push_ms=")).findFirst()
                .ifPresent(l -> gitPushAlone.add(Integer.parseInt(l.substring(8).strip()) / 1000.0));
        Bench.deleteTree(run.resolve(dir));
        return seconds;
    }

    /**
     * The committers run the script at once; those still running after the time limit are stopped, so that a round
     * ends in bounded time, and only what landed counts.
     */
    private Burst cliBurst(int round) throws IOException, InterruptedException {
        List<String> files = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        String message = "Bench CLI burst " + round;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(options.cliSeconds());
        for (int i = 0; i < options.committers(); i++) {
            String file = ConfigRepo.valuesFile(nextApp());
            files.add(file);
            processes.add(cliProcess("cli-burst-" + round + "-" + i, file, "cli-c" + round, message + " " + file,
                    options.cliAttempts()).redirectOutput(run.resolve("cli-burst-" + round + "-" + i + ".out").toFile()).start());
        }
        int stopped = 0;
        for (Process p : processes) {
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor();
                stopped++;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int attempts = 0;
        for (int i = 0; i < options.committers(); i++) {
            for (String line : Files.readAllLines(run.resolve("cli-burst-" + round + "-" + i + ".out"))) {
                if (line.startsWith("attempts=")) attempts += Integer.parseInt(line.substring(9).strip());
            }
            Bench.deleteTree(run.resolve("cli-burst-" + round + "-" + i));
        }
        int landed = landed(message, files);
        Burst b = new Burst(options.committers(), landed, wall, attempts);
        say(String.format(Locale.ROOT, "(c) git CLI round %d: %d of %d landed in %.2f s, %.2f commits/s, %d push attempts"
                + " by those that landed%s", round, b.landed(), b.committers(), b.seconds(), b.perSecond(), b.attempts(),
                stopped == 0 ? "" : "; " + stopped + " still running at the " + options.cliSeconds() + " s limit were stopped"));
        return b;
    }

    /** A plain clone next to the served repository, to push "someone else's" commits without HTTP (not timed). */
    private Path foreignClone() throws IOException, InterruptedException {
        Path dir = run.resolve("foreign");
        Bench.git(run, "clone", "-q", "--depth", "1", "--branch", "main", served.resolve("config.git").toUri().toString(), dir.toString());
        return dir;
    }

    private void foreignPush(Path clone, int i) throws IOException, InterruptedException {
        String file = ConfigRepo.valuesFile(nextApp());
        Bench.git(clone, "pull", "-q", "--rebase", "origin", "main");
        Path p = clone.resolve(file);
        Files.writeString(p, Files.readString(p).replaceAll("(?m)^  tag: .*$", "  tag: \"foreign-" + i + "\""));
        Bench.git(clone, "commit", "-q", "-am", "Foreign deploy " + i);
        Bench.git(clone, "push", "-q", "origin", "HEAD:main");
    }

    // ---------------------------------------------------------------- checks and report

    /** How many of the expected commits (subject {@code message FILE}) the served branch holds. */
    private int landed(String message, List<String> files) throws IOException, InterruptedException {
        String log = Bench.git(served.resolve("config.git"), "log", "--format=%s", "-n", String.valueOf(files.size() * 4 + 200), "main");
        List<String> subjects = List.of(log.split("\n"));
        return (int) files.stream().filter(f -> subjects.contains(message + " " + f)).count();
    }

    /** Spreads the edits over the repository; every run edits a file no other run edited. */
    private int nextApp() {
        return (int) ((nextApp++ * 7919L) % repo.apps());
    }

    private void printSummary(List<Double> engineCold, List<Double> cliCold, List<Double> engineNewJvm, List<Double> engineWarm,
            List<Double> engineWarmMoved, List<Burst> engineBursts, List<Burst> cliBursts, Burst lanes, String[][] heaps) {
        double eCold = Bench.median(engineCold);
        double cCold = Bench.median(cliCold);
        double eWarm = Bench.median(engineWarm);
        double eMoved = Bench.median(engineWarmMoved);
        double eRate = Bench.median(engineBursts.stream().map(Burst::perSecond).toList());
        double cRate = Bench.median(cliBursts.stream().map(Burst::perSecond).toList());
        int eLandedMin = engineBursts.stream().mapToInt(Burst::landed).min().orElse(0);
        int cLandedMin = cliBursts.stream().mapToInt(Burst::landed).min().orElse(0);
        long peak = 0;
        long live = -1;
        for (String[] h : heaps) {
            peak = Math.max(peak, Long.parseLong(h[1]));
            live = Math.max(live, Long.parseLong(h[2]));
        }
        int n = options.committers();

        say("");
        say(String.format(Locale.ROOT, "GitOps Bridge commit benchmark: %,d files, %,d commits, over HTTP; %d cores, load %s",
                options.files(), options.commits(), Runtime.getRuntime().availableProcessors(), loadAverage()));
        say("| phase | engine | git CLI | engine / git CLI | target | result |");
        say("| --- | --- | --- | --- | --- | --- |");
        say(row("(a) cold first commit, median of " + engineCold.size(), s(eCold), s(cCold), ratio(eCold / cCold),
                "≤ 1.0×", eCold <= cCold));
        if (!engineNewJvm.isEmpty()) {
            double eNew = Bench.median(engineNewJvm);
            say(row("(a') cold, `gitops commit` in a new JVM each time, median of " + engineNewJvm.size(), s(eNew),
                    s(cCold), ratio(eNew / cCold), "≤ 1.0×", eNew <= cCold));
            say(row("(a') its first run on the machine, making the class data archive", s(firstGitopsRun), s(cCold),
                    ratio(firstGitopsRun / cCold), "(info)", null));
        }
        say(row("(b) warm commit with the cache, median of " + engineWarm.size(), s(eWarm), s(cCold) + " (cold)",
                ratio(eWarm / cCold), "≤ 0.05×", eWarm <= 0.05 * cCold));
        if (!gitPushAlone.isEmpty()) {
            double push = Bench.median(gitPushAlone);
            say(row("(b) against `git push` of one commit alone (the CLI's cold runs), median of " + gitPushAlone.size(),
                    s(eWarm), s(push), ratio(eWarm / push), "(floor)", null));
        }
        say(row("(b') warm, after a foreign push, median of " + engineWarmMoved.size(), s(eMoved), s(cCold) + " (cold)",
                ratio(eMoved / cCold), "(info)", null));
        if (signedRows != null) {
            double added = signedRows[1] - signedRows[0];
            say(row("(b-signed) warm commit signed (OpenPGP, in memory), median of " + (int) signedRows[2], s(signedRows[1]),
                    s(signedRows[0]) + " (unsigned)", ratio(signedRows[1] / signedRows[0]),
                    String.format(Locale.ROOT, "≤ +10 ms (%+.1f ms)", added * 1000), added <= 0.010));
        }
        if (sshSignedRows != null) {
            double added = sshSignedRows[1] - sshSignedRows[0];
            say(row("(b-signed-ssh) warm commit signed (SSH ed25519, in memory), median of " + (int) sshSignedRows[2],
                    s(sshSignedRows[1]), s(sshSignedRows[0]) + " (unsigned)", ratio(sshSignedRows[1] / sshSignedRows[0]),
                    String.format(Locale.ROOT, "≤ +10 ms (%+.1f ms)", added * 1000), added <= 0.010));
        }
        say(row("(c) " + n + " committers at once, median of " + engineBursts.size() + " / " + cliBursts.size() + " round(s)",
                String.format(Locale.ROOT, "%d/%d landed, %.1f commits/s", eLandedMin, n, eRate),
                cliBursts.isEmpty() ? "not run" : String.format(Locale.ROOT, "%d/%d landed, %.2f commits/s", cLandedMin, n, cRate),
                cliBursts.isEmpty() ? "" : String.format(Locale.ROOT, "%.0f× the throughput", eRate / cRate),
                n + "/" + n + ", ≥ 40/s", eLandedMin == n && eRate >= 40));
        if (lanes != null) {
            say(row("(d) " + options.lanes() + " `gitops commit` processes × " + options.perLane() + ", a new JVM each",
                    String.format(Locale.ROOT, "%d/%d landed, %.2f commits/s, %.2f push attempts per commit",
                            lanes.landed(), lanes.committers(), lanes.perSecond(),
                            lanes.landed() == 0 ? 0.0 : (double) lanes.attempts() / lanes.landed()),
                    "", "", lanes.committers() + "/" + lanes.committers(), lanes.landed() == lanes.committers()));
        }
        say(row("engine peak heap (JVM at -Xmx256m)", String.format(Locale.ROOT, "%.0f MB (live after GC ≤ %s)", peak / MB,
                live < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", live / MB)), "", "", "< 256 MB", peak < 256 * MB));
        say("");
        say("samples (s): engine cold " + seconds(engineCold) + "; git CLI cold " + seconds(cliCold)
                + "; engine cold in a new JVM " + seconds(engineNewJvm) + "; engine warm "
                + seconds(engineWarm) + "; engine warm after a foreign push " + seconds(engineWarmMoved));
        say(String.format(Locale.ROOT, "heap peaks by phase (MB): (a) %.0f, (b) %.0f, (c) %.0f",
                Long.parseLong(heaps[0][1]) / MB, Long.parseLong(heaps[1][1]) / MB, Long.parseLong(heaps[2][1]) / MB));
    }

    private static String row(String phase, String engine, String cli, String ratio, String target, Boolean pass) {
        return "| " + phase + " | " + engine + " | " + cli + " | " + ratio + " | " + target + " | "
                + (pass == null ? "" : pass ? "PASS" : "MISS") + " |";
    }

    private static String s(double seconds) {
        return String.format(Locale.ROOT, "%.3f s", seconds);
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String seconds(List<Double> values) {
        StringBuilder b = new StringBuilder("[");
        for (Double v : values) b.append(b.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.3f", v));
        return b.append("] median ").append(String.format(Locale.ROOT, "%.3f", Bench.median(values))).toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | UncheckedIOException e) {
            return "?";
        }
    }

    private void say(String line) {
        System.out.println(line);
        System.out.flush();
        report.println(line);
    }
}
