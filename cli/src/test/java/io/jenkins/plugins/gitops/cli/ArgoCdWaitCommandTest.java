package io.jenkins.plugins.gitops.cli;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.wait.sim.ArgoCdSimulator;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code gitops wait argocd} against the Argo CD simulator, with the config repository served over smart HTTP. */
public class ArgoCdWaitCommandTest {
    private static final String USER = "bot";
    private static final String PASSWORD = "git-pass-3141";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private HttpGitServer git;
    private ArgoCdSimulator argo;
    private String repoUrl;
    private Path cache;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        repo = new ConfigRepo(root.resolve("config.git").toFile());
        repo.commit("previous");
        git = HttpGitServer.start(root, USER, PASSWORD);
        repoUrl = git.url("config.git");
        argo = new ArgoCdSimulator(repo);
        cache = tmp.newFolder("cache").toPath();
    }

    @After
    public void stop() throws Exception {
        argo.close();
        git.close();
        repo.close();
    }

    private CliRun waitFor(String token, String commit, String... more) {
        Map<String, String> env = token == null ? Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD)
                : Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD, "ARGOCD_AUTH_TOKEN", token);
        List<String> args = new ArrayList<>(List.of("wait", "argocd", "--server", argo.url(), "--project", "shop",
                "--application", "shop-web", "--commit", commit, "--repo", repoUrl, "--branch", "main",
                "--cache-dir", cache.toString()));
        args.addAll(List.of(more));
        return CliRun.of(env, args.toArray(String[]::new));
    }

    @Test
    public void doneWhenSyncedAndHealthyOnOurCommit() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String ours = repo.commit("ours");
        argo.autopilot(Duration.ofMillis(20));

        CliRun run = waitFor(ArgoCdSimulator.TOKEN, ours.substring(0, 10));

        assertEquals(run.err(), ExitCodes.DONE, run.exitCode());
        JsonNode json = run.json();
        assertEquals("done", json.get("outcome").asText());
        assertEquals("Argo CD application shop/shop-web", json.get("target").asText());
        assertEquals(ours, json.get("commit").asText());
        assertEquals(ours, json.get("appliedRevision").asText());
        assertEquals(false, json.get("superseded").asBoolean());
        assertThat(run.err(), containsString("Asking Argo CD to refresh"));
        assertThat(run.err(), containsString("Synced and Healthy at " + ours.substring(0, 12)));
        assertEquals("the outcome line once", 1, run.err().lines().filter(l -> l.contains("is Synced and Healthy")).count());
        assertEquals("one JSON line on stdout", 1, run.out().strip().lines().count());
        assertThat(run.all(), not(containsString(ArgoCdSimulator.TOKEN)));
        assertThat(run.all(), not(containsString(PASSWORD)));
    }

    @Test
    public void manualApplicationIsSyncedWhenAsked() throws Exception {
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.auto = false;
        });
        String ours = repo.commit("ours");
        argo.autopilot(Duration.ofMillis(20));

        CliRun run = waitFor(ArgoCdSimulator.TOKEN, ours, "--sync");

        assertEquals(run.err(), ExitCodes.DONE, run.exitCode());
        assertEquals(1, argo.count("sync"));
    }

    @Test
    public void failedSyncExitsWithOneQuotingArgoCd() throws Exception {
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.failSyncWith = "Deployment.apps \"web\" is invalid: spec.replicas: Invalid value";
        });
        String ours = repo.commit("ours");
        argo.autopilot(Duration.ofMillis(20));

        CliRun run = waitFor(ArgoCdSimulator.TOKEN, ours);

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        JsonNode json = run.json();
        assertEquals("failed", json.get("outcome").asText());
        assertThat(json.get("reason").asText(), containsString("one or more objects failed to apply"));
        assertThat(run.err(), containsString("Failed: "));
    }

    @Test
    public void degradedExitsWithOne() throws Exception {
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.healthAfterSync = "Degraded";
        });
        String ours = repo.commit("ours");
        argo.autopilot(Duration.ofMillis(20));

        CliRun run = waitFor(ArgoCdSimulator.TOKEN, ours);

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString("Degraded"));
    }

    @Test
    public void manualApplicationWithoutSyncTimesOutWithExitCodeThree() throws Exception {
        argo.addApp("shop-web", app -> {
            app.repoUrl = repoUrl;
            app.auto = false;
        });
        String ours = repo.commit("ours");

        CliRun run = waitFor(ArgoCdSimulator.TOKEN, ours, "--timeout", "3");

        assertEquals(run.err(), ExitCodes.TIMED_OUT, run.exitCode());
        JsonNode json = run.json();
        assertEquals("timedOut", json.get("outcome").asText());
        assertThat(json.get("diagnosis").asText(), containsString("waiting for someone to sync"));
        assertThat(run.err(), containsString("State history"));
    }

    @Test
    public void refusedTokenExitsWithOneWithoutShowingIt() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String ours = repo.commit("ours");
        String wrong = "expired-token-2718";

        CliRun run = waitFor(wrong, ours);

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString("authentication refused (401)"));
        assertThat(run.all(), not(containsString(wrong)));
    }

    @Test
    public void missingTokenIsAUsageError() throws Exception {
        CliRun run = waitFor(null, repo.head());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("gitops: set ARGOCD_AUTH_TOKEN to the API token (tokens are read from the environment only)\n"
                + "Run 'gitops wait argocd --help' for its options.\n", run.err().replace("\r\n", "\n"));
        assertEquals("", run.out());
    }

    @Test
    public void commitThatIsNotOnTheBranchFailsBeforeAskingArgoCd() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);

        CliRun run = waitFor(ArgoCdSimulator.TOKEN, "0123456789abcdef0123456789abcdef01234567");

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString("is not on branch main of " + repoUrl));
        assertEquals("the JSON names the commit asked for", "0123456789abcdef0123456789abcdef01234567",
                run.json().get("commit").asText());
        assertEquals(0, argo.count("refresh") + argo.count("stream"));
    }

    @Test
    public void wrongGitPasswordFailsWithoutShowingIt() throws Exception {
        argo.addApp("shop-web", app -> app.repoUrl = repoUrl);
        String wrong = "not-the-git-password";

        CliRun run = CliRun.of(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", wrong,
                "ARGOCD_AUTH_TOKEN", ArgoCdSimulator.TOKEN), "wait", "argocd", "--server", argo.url(),
                "--application", "shop-web", "--commit", repo.head(), "--repo", repoUrl, "--branch", "main",
                "--cache-dir", cache.toString());

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString(repoUrl));
        assertThat(run.all(), not(containsString(wrong)));
        assertThat(run.all(), not(containsString(ArgoCdSimulator.TOKEN)));
    }

    @Test
    public void serverUrlWithUserInfoIsRefused() throws Exception {
        CliRun run = CliRun.of(Map.of("ARGOCD_AUTH_TOKEN", ArgoCdSimulator.TOKEN), "wait", "argocd",
                "--server", "https://admin:pw@argocd.example.com", "--application", "shop-web",
                "--commit", repo.head(), "--repo", repoUrl, "--branch", "main");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertThat(run.err(), containsString("without user-info"));
        assertThat(run.err(), not(containsString("admin:pw")));
    }
}
