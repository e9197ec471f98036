package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a new user tried: {@code gitops commit} processes at once against one branch of C git's {@code http-backend}.
 * Each worker runs the command line twice in new JVMs; half the workers share a cache folder. Every commit lands, once,
 * on the branch's first-parent line, and each run's JSON names its own commit.
 */
public class ConcurrentCliCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final int WORKERS = 6;
    private static final int RUNS_EACH = 2;

    @Test
    public void commandLinesRacingOnCGitAllLand() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Path bare = TestRepos.createBare(root, "config.git", Map.of("README.md", "x\n"));
        String sharedCache = tmp.newFolder("shared-cache").toString();
        List<String> commits = new ArrayList<>();
        try (HttpGitServer server = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw-3")) {
            for (int run = 0; run < RUNS_EACH; run++) {
                List<Process> processes = new ArrayList<>();
                List<File> outputs = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    Path manifest = Files.writeString(tmp.newFile().toPath(), "v: " + run + "\n");
                    File out = tmp.newFile();
                    outputs.add(out);
                    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                            GitopsCli.class.getName(), "commit", "--repo", server.url("config.git"), "--branch", "main",
                            "-m", "Set w" + w + "-" + run, "--manifest", "w" + w + "-" + run + ".yaml", manifest.toString(),
                            "--cache-dir", w < WORKERS / 2 ? sharedCache : tmp.newFolder().toString())
                            .redirectOutput(out).redirectError(new File(out.getPath() + ".err"));
                    pb.environment().put("GITOPS_USERNAME", "bot");
                    pb.environment().put("GITOPS_PASSWORD", "pw-3");
                    processes.add(pb.start());
                }
                for (int w = 0; w < WORKERS; w++) {
                    Process p = processes.get(w);
                    boolean done = p.waitFor(120, TimeUnit.SECONDS);
                    if (!done) p.destroyForcibly();
                    String output = Files.readString(outputs.get(w).toPath(), StandardCharsets.UTF_8);
                    String log = Files.readString(Path.of(outputs.get(w).getPath() + ".err"), StandardCharsets.UTF_8);
                    assertTrue(log, done);
                    assertEquals(log, ExitCodes.DONE, p.exitValue());
                    JsonNode json = new ObjectMapper().readTree(output);
                    commits.add(json.get("commit").asText());
                }
            }
        }
        GitCli.run(bare, "fsck", "--strict");
        List<String> firstParents = GitCli.run(bare, "rev-list", "--first-parent", "main").lines().toList();
        assertEquals(WORKERS * RUNS_EACH + 1, firstParents.size());
        assertTrue(firstParents.containsAll(commits));
        assertEquals("each run made its own commit", WORKERS * RUNS_EACH, commits.stream().distinct().count());
    }
}
