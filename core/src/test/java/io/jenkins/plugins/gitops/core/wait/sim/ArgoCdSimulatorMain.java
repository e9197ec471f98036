package io.jenkins.plugins.gitops.core.wait.sim;

import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The Argo CD simulator as a process of its own, for the demo and for trying {@code gitops} by hand: a config
 * repository served over smart HTTP, and the Argo CD API for one auto-sync application that tracks its branch
 * {@code main}, on autopilot (a sync runs and the application turns Healthy a second or two after a refresh). With
 * {@code --degraded-tag TAG} a revision whose kustomization sets image tag TAG turns Degraded instead, as a release
 * whose pods never get ready does.
 *
 * <p>Credentials come from the environment (GITOPS_USERNAME, GITOPS_PASSWORD, ARGOCD_AUTH_TOKEN), as the
 * {@code gitops} command reads them; missing ones are generated and printed, so that the process can also be
 * started alone. It prints {@code READY git=URL argocd=URL project=P application=A} when it serves, and runs until
 * it is terminated.
 */
public final class ArgoCdSimulatorMain {
    private ArgoCdSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path root = Path.of(options.getOrDefault("--dir", "argocd-sim"));
        String project = options.getOrDefault("--project", "shop");
        String application = options.getOrDefault("--application", "shop-web");
        Duration step = Duration.ofMillis(Long.parseLong(options.getOrDefault("--step-millis", "400")));
        String degradedTag = options.get("--degraded-tag");

        Map<String, String> env = System.getenv();
        String user = env.getOrDefault("GITOPS_USERNAME", "demo");
        String password = orGenerated(env, "GITOPS_PASSWORD", "git password");
        String token = orGenerated(env, "ARGOCD_AUTH_TOKEN", "Argo CD token");

        File bare = root.resolve("config.git").toFile();
        if (!new File(bare, "HEAD").isFile()) {
            seed(bare, seedFiles());
        }
        ConfigRepo repo = ConfigRepo.open(bare);
        HttpGitServer git = HttpGitServer.start(root.toAbsolutePath().normalize(), user, password);
        String gitUrl = git.url("config.git");
        ArgoCdSimulator argo = new ArgoCdSimulator(repo, token);
        argo.addApp(application, app -> {
            app.project = project;
            app.repoUrl = gitUrl;
            if (degradedTag != null) app.degradedAt = revision -> setsTag(repo, revision, degradedTag);
        });
        argo.autopilot(step);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            argo.close();
            try {
                git.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            repo.close();
            stopped.countDown();
        }));
        System.out.println("Argo CD simulator: application " + project + "/" + application + " (auto-sync) tracks branch "
                + ConfigRepo.BRANCH + " of " + gitUrl + " (git user " + user + "), head " + repo.head().substring(0, 12));
        System.out.println("READY git=" + gitUrl + " argocd=" + argo.url() + " project=" + project + " application="
                + application);
        stopped.await();
    }

    private static boolean setsTag(ConfigRepo repo, String revision, String tag) {
        try {
            String kustomization = repo.read(revision, "envs/prod/web/kustomization.yaml");
            return kustomization != null && kustomization.lines().map(String::strip)
                    .anyMatch(l -> l.startsWith("newTag: " + tag) || l.startsWith("newTag: \"" + tag + "\""));
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String orGenerated(Map<String, String> env, String variable, String what) {
        String value = env.get(variable);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        System.out.println(variable + " was not set; generated " + what + ": " + generated);
        return generated;
    }

    /** Creates a bare repository whose {@code main} holds {@code files} in one commit. */
    static void seed(File bare, Map<String, String> files) throws IOException {
        Files.createDirectories(bare.toPath());
        try (Repository repository = FileRepositoryBuilder.create(bare); ObjectInserter inserter = repository.newObjectInserter()) {
            repository.create(true);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue().getBytes(StandardCharsets.UTF_8)));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            PersonIdent who = new PersonIdent("Platform team", "platform@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setMessage("shop-web 1.4.1\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            RefUpdate main = repository.updateRef(Constants.R_HEADS + ConfigRepo.BRANCH);
            main.setNewObjectId(id);
            main.update();
            repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + ConfigRepo.BRANCH);
        }
    }

    private static Map<String, String> seedFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("envs/prod/web/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: shop
                resources:
                  - deployment.yaml
                images:
                  - name: registry.example.com/shop/web
                    newTag: "1.4.1" # set by the deploy pipeline
                """);
        files.put("envs/prod/web/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 3
                  selector:
                    matchLabels:
                      app.kubernetes.io/name: web
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: web
                    spec:
                      containers:
                        - name: web
                          image: registry.example.com/shop/web
                          ports:
                            - containerPort: 8080
                """);
        return files;
    }
}
