package io.jenkins.plugins.gitops.core.pr.bench;

import io.jenkins.plugins.gitops.core.pr.GitHubPulls;
import io.jenkins.plugins.gitops.core.pr.GitHubSimulator;
import io.jenkins.plugins.gitops.core.pr.PullRequestHost;
import io.jenkins.plugins.gitops.core.pr.PullRequestSpec;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pull-request benchmark's hosts, in a JVM of their own so that their threads are not counted: GitHub simulators,
 * one per repository, each over a real bare repository with one open pull request per branch of ours. On {@code GO}
 * a reviewer merges them at random moments over the spread; {@code REPORT} says when each merge was made and how many
 * requests the hosts answered since {@code GO}. Lines on stdin: GO, REPORT, QUIT.
 */
public final class PullBenchSimulators {
    static final String TOKEN = "ghp_bench_token";

    private PullBenchSimulators() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path dir = Path.of(options.get("dir"));
        int repos = Integer.parseInt(options.getOrDefault("repos", "4"));
        int pulls = Integer.parseInt(options.getOrDefault("pulls", "200"));
        int spread = Integer.parseInt(options.getOrDefault("spread-seconds", "20"));
        List<GitHubSimulator> hosts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        StringJoiner ready = new StringJoiner(";", "READY ", "");
        for (int r = 0; r < repos; r++) {
            int here = pulls / repos + (r < pulls % repos ? 1 : 0);
            Map<String, String> files = new HashMap<>();
            for (int i = 0; i < here; i++) files.put("apps/app-" + i + ".yaml", "tag: 1\n");
            Path root = Files.createDirectories(dir.resolve("acme"));
            Path bare = TestRepos.createBare(root, "cfg-" + r + ".git", files);
            branches(dir.resolve("work-" + r), bare, here);
            GitHubSimulator github = new GitHubSimulator("acme", "cfg-" + r, TOKEN, bare);
            hosts.add(github);
            String gitUrl = "https://github.example/acme/cfg-" + r + ".git";
            PullRequestHost host = GitHubPulls.forRepository(gitUrl, github.apiUrl(), TOKEN, Duration.ofSeconds(30));
            StringJoiner numbers = new StringJoiner(",");
            for (int i = 0; i < here; i++) {
                int number = host.open("gitops/app-" + i, "main",
                        new PullRequestSpec("app-" + i + " 2", "", List.of(), List.of(), false, null), "bench").number();
                numbers.add(Integer.toString(number));
                keys.add(r + ":" + number);
            }
            ready.add(github.apiUrl() + "|" + gitUrl + "|" + numbers);
        }
        System.out.println(ready);
        Map<String, Long> mergedAt = new ConcurrentHashMap<>();
        int[] requestsAtGo = new int[repos];
        ScheduledExecutorService reviewers = Executors.newScheduledThreadPool(repos);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
            if (line.equals("GO")) {
                for (int r = 0; r < repos; r++) requestsAtGo[r] = hosts.get(r).requests().size();
                List<String> order = new ArrayList<>(keys);
                Collections.shuffle(order, new Random(42));
                Random when = new Random(7);
                for (String key : order) {
                    long at = 2000 + (long) (when.nextDouble() * (spread - 2) * 1000);
                    GitHubSimulator host = hosts.get(Integer.parseInt(key.split(":")[0]));
                    int number = Integer.parseInt(key.split(":")[1]);
                    reviewers.schedule(() -> {
                        host.merge(number);
                        mergedAt.put(key, System.currentTimeMillis());
                    }, at, TimeUnit.MILLISECONDS);
                }
                System.out.println("GOING");
            } else if (line.equals("REPORT")) {
                StringBuilder json = new StringBuilder("{\"merged\":{");
                StringJoiner merged = new StringJoiner(",");
                mergedAt.forEach((key, at) -> merged.add("\"" + key + "\":" + at));
                int requests = 0;
                int notModified = 0;
                for (int r = 0; r < repos; r++) {
                    requests += hosts.get(r).requests().size() - requestsAtGo[r];
                    notModified += hosts.get(r).notModified();
                }
                json.append(merged).append("},\"requests\":").append(requests).append(",\"notModified\":")
                        .append(notModified).append("}");
                System.out.println(json);
            }
        }
        reviewers.shutdownNow();
        for (GitHubSimulator host : hosts) host.close();
    }

    /** One branch of ours per pull request, each changing its own file, pushed at once. */
    private static void branches(Path work, Path bare, int count) throws Exception {
        GitCli.run(bare.getParent(), "clone", "-q", bare.toString(), work.toString());
        for (int i = 0; i < count; i++) {
            GitCli.run(work, "checkout", "-q", "-B", "gitops/app-" + i, "origin/main");
            Files.writeString(work.resolve("apps/app-" + i + ".yaml"), "tag: 2\n");
            GitCli.run(work, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-am",
                    "app-" + i + " 2");
        }
        GitCli.run(work, "push", "-q", "origin", "refs/heads/gitops/*:refs/heads/gitops/*");
    }
}
