package io.jenkins.plugins.gitops.cli;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.DeploymentControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import io.jenkins.plugins.gitops.core.wait.sim.FluxControllerSim;
import io.jenkins.plugins.gitops.core.wait.sim.KubeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code gitops wait flux} and {@code gitops wait rollout} against the Kubernetes API simulator. */
public class KubeWaitCommandsTest {
    private static final String USER = "bot";
    private static final String PASSWORD = "git-pass-1618";
    private static final Map<String, String> ENV = Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD,
            "KUBE_TOKEN", KubeSimulator.TOKEN);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ConfigRepo repo;
    private HttpGitServer git;
    private KubeSimulator kube;
    private String previous;
    private String cache;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        repo = new ConfigRepo(root.resolve("config.git").toFile());
        previous = repo.commit("previous");
        git = HttpGitServer.start(root, USER, PASSWORD);
        kube = new KubeSimulator();
        cache = tmp.newFolder("cache").toString();
    }

    @After
    public void stop() throws Exception {
        kube.close();
        git.close();
        repo.close();
    }

    private FluxControllerSim installFlux() {
        String[] paths = FluxControllerSim.install(kube, previous, false);
        FluxControllerSim flux = new FluxControllerSim(repo, paths[0], paths[1], false);
        kube.addController(flux);
        return flux;
    }

    private CliRun waitForKustomization(Map<String, String> env, String commit) {
        return CliRun.of(env, "wait", "flux", "--server", kube.url(), "--kind", "kustomization",
                "--namespace", "flux-system", "--name", "shop-web", "--commit", commit, "--repo", git.url("config.git"),
                "--branch", "main", "--cache-dir", cache);
    }

    @Test
    public void kustomizationReadyOnOurCommitIsDone() throws Exception {
        installFlux();
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        CliRun run = waitForKustomization(ENV, ours);

        assertEquals(run.err(), ExitCodes.DONE, run.exitCode());
        JsonNode json = run.json();
        assertEquals("done", json.get("outcome").asText());
        assertEquals("Flux Kustomization flux-system/shop-web", json.get("target").asText());
        assertEquals(ours, json.get("appliedRevision").asText());
        assertThat(run.err(), containsString("Requesting reconcile of Flux Kustomization flux-system/shop-web"));
        assertThat(run.all(), not(containsString(KubeSimulator.TOKEN)));
    }

    @Test
    public void withoutBranchTheRemoteDefaultBranchIsFollowed() throws Exception {
        installFlux();
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        CliRun run = CliRun.of(ENV, "wait", "flux", "--server", kube.url(), "--kind", "kustomization",
                "--namespace", "flux-system", "--name", "shop-web", "--commit", ours, "--repo", git.url("config.git"),
                "--cache-dir", cache);

        assertEquals(run.err(), ExitCodes.DONE, run.exitCode());
        assertThat(run.err(), containsString(git.url("config.git") + " main"));
    }

    @Test
    public void stalledKustomizationFails() throws Exception {
        installFlux().stall = true;
        String ours = repo.commit("ours");
        kube.autopilot(Duration.ofMillis(20));

        CliRun run = waitForKustomization(ENV, ours);

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString("stalled: BuildFailed"));
    }

    @Test
    public void refusedTokenFailsWithoutShowingIt() throws Exception {
        installFlux();
        String ours = repo.commit("ours");
        String wrong = "stale-kube-token-42";

        CliRun run = waitForKustomization(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD,
                "KUBE_TOKEN", wrong), ours);

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString("authentication refused (401)"));
        assertThat(run.all(), not(containsString(wrong)));
    }

    @Test
    public void unknownKindIsAUsageError() {
        CliRun run = CliRun.of(ENV, "wait", "flux", "--server", kube.url(), "--kind", "gitrepository", "--name", "x",
                "--commit", "abcdef1", "--repo", git.url("config.git"), "--branch", "main");

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertThat(run.err(), containsString("expected kustomization or helmrelease"));
    }

    private String installDeployment() {
        String path = kube.put("deployments", Fixtures.load("kubernetes/deployment-complete.json"));
        kube.updateSpec(path, spec -> spec.put("paused", false));
        return path;
    }

    private CliRun waitForRollout(String timeout) {
        return CliRun.of(ENV, "wait", "rollout", "--server", kube.url(), "--kind", "deployment", "--namespace", "shop",
                "--name", "web", "--timeout", timeout);
    }

    @Test
    public void deploymentRolloutIsDone() throws Exception {
        kube.addController(new DeploymentControllerSim(installDeployment()));
        kube.autopilot(Duration.ofMillis(20));

        CliRun run = waitForRollout("30");

        assertEquals(run.err(), ExitCodes.DONE, run.exitCode());
        JsonNode json = run.json();
        assertEquals("deployment shop/web", json.get("target").asText());
        assertEquals(false, json.has("commit"));
        assertThat(json.get("detail").asText(), containsString("successfully rolled out"));
    }

    @Test
    public void progressDeadlineExceededFails() throws Exception {
        DeploymentControllerSim controller = new DeploymentControllerSim(installDeployment());
        controller.exceedDeadline = true;
        kube.addController(controller);
        kube.autopilot(Duration.ofMillis(20));

        CliRun run = waitForRollout("30");

        assertEquals(run.err(), ExitCodes.FAILED, run.exitCode());
        assertThat(run.json().get("reason").asText(), containsString("exceeded its progress deadline"));
    }

    @Test
    public void unobservedRolloutTimesOut() throws Exception {
        installDeployment();

        CliRun run = waitForRollout("1");

        assertEquals(run.err(), ExitCodes.TIMED_OUT, run.exitCode());
        assertThat(run.json().get("diagnosis").asText(), containsString("Waiting for deployment spec update to be observed"));
    }
}
