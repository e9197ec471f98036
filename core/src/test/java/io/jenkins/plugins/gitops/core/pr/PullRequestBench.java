package io.jenkins.plugins.gitops.core.pr;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.Credentials;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every host's pull-request test stands on: a config repository ({@code values.yaml} with {@code tag: 1}) that C
 * git's {@code http-backend} serves, the engine that lands a tag through a pull request, and a fast merge watch.
 */
final class PullRequestBench implements AutoCloseable {
    final Path bare;
    final String gitUrl;
    final MergeWatch watch = MergeWatch.create(MergeWatchTest.FAST);
    final RecordingListener log = new RecordingListener();
    private final Path tmp;
    private final HttpGitServer git;

    /** @param repository where the repository is served, such as {@code scm/OPS/shop.git} */
    PullRequestBench(Path tmp, String repository) throws Exception {
        this.tmp = tmp;
        Path root = Files.createDirectories(tmp.resolve("repos"));
        Path parent = Files.createDirectories(root.resolve(repository).getParent());
        this.bare = TestRepos.createBare(parent, Path.of(repository).getFileName().toString(), Map.of("values.yaml", "tag: 1\n"));
        GitCli.run(bare, "config", "receive.denyNonFastForwards", "false");
        this.git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        this.gitUrl = git.url(repository);
    }

    /** Sets {@code values.yaml}'s tag through a pull request of the change {@code deploy#TAG}. */
    PullRequestCommitter.Result land(PullRequestHost host, String tag, List<String> labels, List<String> reviewers,
            boolean draft, String autoMerge) {
        CommitRequest request = CommitRequest.builder(gitUrl).branch("main").message("tag " + tag)
                .changes(new YamlValue("values.yaml", "tag", tag, null)).idempotencyKey("deploy#" + tag)
                .credentials(new Credentials.UsernamePassword("bot", "pw")).build();
        return new PullRequestCommitter(new GitopsCommitter(tmp.resolve("cache"))).commit(request,
                new PullRequestSpec("tag " + tag, "", labels, reviewers, draft, null, autoMerge), host, log);
    }

    /** Waits for the merge while {@code reviewer} does what a person does on the host. */
    MergeOutcome awaitMerge(PullRequestHost host, PullRequest pr, Duration timeout, Runnable reviewer) throws Exception {
        var wait = watch.await(host, pr.number(), Instant.now().plus(timeout), line -> { });
        reviewer.run();
        return wait.get(20, TimeUnit.SECONDS);
    }

    String main() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    /** How many parents main's tip has: 1 after a squash or rebase, 2 after a merge commit. */
    int parentsOfMain() {
        return GitCli.run(bare, "rev-list", "--parents", "-n", "1", "main").strip().split(" ").length - 1;
    }

    int branches() {
        return GitCli.run(bare, "branch", "--list").lines().toList().size();
    }

    /** Someone else moves main. */
    void pushToMain(String message, Map<String, String> files) {
        TestRepos.pushChange(tmp, bare, message, files);
    }

    @Override
    public void close() throws Exception {
        watch.close();
        git.close();
    }
}
