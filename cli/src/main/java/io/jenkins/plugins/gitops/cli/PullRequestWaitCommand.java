package io.jenkins.plugins.gitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.gitops.core.pr.PullRequestHost;
import io.jenkins.plugins.gitops.core.pr.MergeOutcome;
import io.jenkins.plugins.gitops.core.pr.MergeWatch;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops wait pull-request}: until the pull request that {@code gitops commit --pull-request} opened is
 * merged, with the merge commit the host reports, which {@code gitops wait argocd --commit} then takes.
 */
@Command(name = "pull-request", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Wait until a pull request is merged (GitHub, GitHub Enterprise Server, GitLab, Gitea, Forgejo); print its merge commit.",
                "The token comes from " + PullRequestOptions.TOKEN_VARIABLE + ", or for a GitHub App from "
                        + PullRequestOptions.APP_ID_VARIABLE + " and " + PullRequestOptions.APP_KEY_VARIABLE + "."})
final class PullRequestWaitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;

    PullRequestWaitCommand(Map<String, String> env) {
        this.env = env;
    }

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "The config repository's git URL.")
    private String repo;

    @Option(names = "--number", required = true, paramLabel = "N", description = "The pull request's number.")
    private int number;

    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    private int timeout;

    @Option(names = "--pr-host", paramLabel = "HOST",
            description = "github (GitHub, GitHub Enterprise Server), gitlab, or gitea (Gitea, Forgejo); default: told from --pr-api-url and the repository's host.")
    private String host;

    @Option(names = "--pr-api-url", paramLabel = "URL",
            description = "The host's API (default: https://api.github.com for github.com, https://HOST/api/v3 otherwise).")
    private String apiUrl;

    @Override
    public Integer call() throws IOException, InterruptedException {
        long started = System.nanoTime();
        MergeOutcome outcome;
        try (MergeWatch watch = MergeWatch.create()) {
            PullRequestHost pulls = PullRequestOptions.host(host, repo, apiUrl, env, Duration.ofSeconds(30),
                    watch.httpClient());
            outcome = watch.await(pulls, number, Instant.now().plusSeconds(Math.max(1, timeout)),
                    line -> spec.commandLine().getErr().println(line)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        int code;
        if (outcome instanceof MergeOutcome.Merged merged) {
            json.put("outcome", "done");
            json.put("mergeCommit", merged.pullRequest().mergeCommit());
            code = ExitCodes.DONE;
        } else if (outcome instanceof MergeOutcome.Failed failed) {
            json.put("outcome", "failed");
            json.put("reason", failed.reason());
            spec.commandLine().getErr().println("Failed: " + failed.reason());
            code = ExitCodes.FAILED;
        } else {
            json.put("outcome", "timedOut");
            json.put("diagnosis", ((MergeOutcome.TimedOut) outcome).diagnosis());
            code = ExitCodes.TIMED_OUT;
        }
        json.put("pullRequest", outcome.pullRequest() == null ? null : PullRequestOptions.json(outcome.pullRequest()));
        json.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        spec.commandLine().getOut().println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json));
        return code;
    }
}
