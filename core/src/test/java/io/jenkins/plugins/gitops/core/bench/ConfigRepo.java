package io.jenkins.plugins.gitops.core.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Generates the benchmark's config repository with {@code git fast-import}: apps in team folders, four small YAML
 * manifests each, and a history that first onboards the apps and then bumps image tags, as a busy GitOps repository
 * grows. The same parameters always give the same repository, so a generated one is reused across runs.
 *
 * <p>Layout: {@code apps/team-TT/app-AAAA/{deployment,service,kustomization,values}.yaml}, 100 apps per team.
 */
final class ConfigRepo {
    static final int FILES_PER_APP = 4;
    static final int APPS_PER_TEAM = 100;
    private static final long START_EPOCH = 1_700_000_000L;

    private final int apps;
    private final int commits;
    private final int onboardingCommits;

    /** @param files manifest files at the tip (a multiple of four); @param commits commits on {@code main} */
    ConfigRepo(int files, int commits) {
        if (files % FILES_PER_APP != 0 || files <= 0) throw new IllegalArgumentException("files must be a positive multiple of 4");
        this.apps = files / FILES_PER_APP;
        this.commits = commits;
        // A fifth of the history onboards the apps (at least one per commit), the rest are deployments.
        this.onboardingCommits = Math.max(1, Math.min(apps, commits / 5));
        if (commits < onboardingCommits) throw new IllegalArgumentException("too few commits");
    }

    int apps() {
        return apps;
    }

    /** The folder name that identifies these parameters, so that a cached repository is reused only when it fits. */
    String name() {
        return "config-" + apps * FILES_PER_APP + "f-" + commits + "c.git";
    }

    /** The values file of app {@code i}, the one the benchmark edits. */
    static String valuesFile(int app) {
        return appDir(app) + "/values.yaml";
    }

    static String appDir(int app) {
        return String.format("apps/team-%02d/app-%04d", app / APPS_PER_TEAM, app);
    }

    /** Writes a new bare repository at {@code dir} (which must not exist) with branch {@code main}. */
    void generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Bench.git(dir, "init", "-q", "--bare", "-b", "main");
        Process importer = new ProcessBuilder("git", "fast-import", "--quiet", "--date-format=raw")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("fast-import.log").toFile()).start();
        try (OutputStream out = new BufferedOutputStream(importer.getOutputStream(), 1 << 20)) {
            writeStream(out);
        }
        if (importer.waitFor() != 0) {
            throw new IOException("git fast-import failed: " + Files.readString(dir.resolve("fast-import.log")));
        }
        Files.delete(dir.resolve("fast-import.log"));
        // fast-import's pack is a straight dump; a repack gives the deltas and index a real server would have.
        Bench.git(dir, "repack", "-a", "-d", "-q");
        Bench.git(dir, "pack-refs", "--all");
        Bench.git(dir, "config", "receive.denyNonFastForwards", "true");
    }

    private void writeStream(OutputStream out) throws IOException {
        Random random = new Random(42);
        int[] deployments = new int[apps];
        int onboarded = 0;
        for (int c = 0; c < commits; c++) {
            long when = START_EPOCH + c * 600L;
            if (c < onboardingCommits) {
                int until = (int) ((long) apps * (c + 1) / onboardingCommits);
                String subject = until - onboarded == 1 ? "Onboard " + appName(onboarded)
                        : "Onboard " + appName(onboarded) + " .. " + appName(until - 1);
                commitHeader(out, when, subject);
                for (int a = onboarded; a < until; a++) {
                    file(out, appDir(a) + "/deployment.yaml", deployment(a));
                    file(out, appDir(a) + "/service.yaml", service(a));
                    file(out, appDir(a) + "/kustomization.yaml", kustomization(a, tag(a, 0)));
                    file(out, valuesFile(a), values(a, tag(a, 0), 2));
                }
                onboarded = until;
            } else {
                int a = random.nextInt(apps);
                int n = ++deployments[a];
                commitHeader(out, when, "Deploy " + appName(a) + " " + tag(a, n));
                file(out, appDir(a) + "/kustomization.yaml", kustomization(a, tag(a, n)));
                file(out, valuesFile(a), values(a, tag(a, n), 2 + n % 3));
            }
            out.write('\n');
        }
        out.write("done\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void commitHeader(OutputStream out, long when, String subject) throws IOException {
        String header = "commit refs/heads/main\ncommitter Deploy Bot <deploy-bot@example.com> " + when + " +0000\n";
        out.write(header.getBytes(StandardCharsets.UTF_8));
        data(out, subject + "\n");
    }

    private static void file(OutputStream out, String path, String content) throws IOException {
        out.write(("M 100644 inline " + path + "\n").getBytes(StandardCharsets.UTF_8));
        data(out, content);
    }

    private static void data(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(("data " + bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write('\n');
    }

    static String appName(int a) {
        return String.format("app-%04d", a);
    }

    private static String team(int a) {
        return String.format("team-%02d", a / APPS_PER_TEAM);
    }

    private static String tag(int a, int deployment) {
        return "1." + (a % 7) + "." + deployment;
    }

    private static String image(int a) {
        return "registry.example.com/" + team(a) + "/" + appName(a);
    }

    private static String deployment(int a) {
        String name = appName(a);
        return String.join("\n", List.of(
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata:",
                "  name: " + name,
                "  labels:",
                "    app.kubernetes.io/name: " + name,
                "    app.kubernetes.io/part-of: " + team(a),
                "spec:",
                "  replicas: 2",
                "  selector:",
                "    matchLabels:",
                "      app.kubernetes.io/name: " + name,
                "  template:",
                "    metadata:",
                "      labels:",
                "        app.kubernetes.io/name: " + name,
                "    spec:",
                "      containers:",
                "        - name: " + name,
                "          image: " + image(a),
                "          ports:",
                "            - name: http",
                "              containerPort: 8080",
                "          readinessProbe:",
                "            httpGet: {path: /healthz, port: http}",
                "          resources:",
                "            requests: {cpu: 100m, memory: 128Mi}",
                "            limits: {memory: 256Mi}",
                ""));
    }

    private static String service(int a) {
        String name = appName(a);
        return String.join("\n", List.of(
                "apiVersion: v1",
                "kind: Service",
                "metadata:",
                "  name: " + name,
                "spec:",
                "  selector:",
                "    app.kubernetes.io/name: " + name,
                "  ports:",
                "    - name: http",
                "      port: 80",
                "      targetPort: http",
                ""));
    }

    private static String kustomization(int a, String tag) {
        return String.join("\n", List.of(
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "namespace: " + team(a),
                "resources:",
                "  - deployment.yaml",
                "  - service.yaml",
                "images:",
                "  - name: " + image(a),
                "    newTag: \"" + tag + "\"",
                ""));
    }

    private static String values(int a, String tag, int replicas) {
        return String.join("\n", List.of(
                "# Values for " + appName(a) + " (" + team(a) + ")",
                "image:",
                "  repository: " + image(a),
                "  tag: \"" + tag + "\"",
                "replicas: " + replicas,
                "env:",
                "  LOG_LEVEL: info",
                "  FEATURE_FLAGS: \"checkout,search\"",
                ""));
    }
}
