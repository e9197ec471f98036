package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.testing.CommitMain;
import io.jenkins.plugins.gitops.core.testing.GitCli;
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

/** Separate JVMs (separate Jenkins agents or CLI runs) have no shared queue: they must win by retrying. */
public class MultiProcessCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void fourProcessesPushingToOneBranchAllLand() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Path bare = TestRepos.createBare(root, "shared.git", Map.of("README.md", "x\n"));
        try (HttpGitServer server = HttpGitServer.start(root, "bot", "pw-77")) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> processes = new ArrayList<>();
            int n = 4;
            String sharedCache = tmp.newFolder().toString();
            for (int i = 0; i < n; i++) {
                // processes 0 and 1 share one cache folder (taking turns on its file lock); 2 and 3 race with their own
                String cache = i < 2 ? sharedCache : tmp.newFolder().toString();
                File out = tmp.newFile("out" + i + ".txt");
                processes.add(new ProcessBuilder(javaBin, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), CommitMain.class.getName(),
                        server.url("shared.git"), "bot", "pw-77", cache, "p" + i + ".yaml", "v: " + i + "\n")
                        .redirectErrorStream(true).redirectOutput(out).start());
            }
            for (int i = 0; i < n; i++) {
                Process p = processes.get(i);
                boolean done = p.waitFor(50, TimeUnit.SECONDS);
                if (!done) p.destroyForcibly();
                String output = Files.readString(tmp.getRoot().toPath().resolve("out" + i + ".txt"), StandardCharsets.UTF_8);
                assertTrue("process " + i + " finished: " + output, done);
                assertEquals("process " + i + ": " + output, 0, p.exitValue());
                assertTrue(output, output.contains("RESULT "));
            }
        }
        GitCli.run(bare, "fsck", "--strict");
        String subjects = GitCli.run(bare, "log", "--format=%s", "main");
        for (int i = 0; i < 4; i++) {
            String subject = "Set p" + i + ".yaml";
            assertEquals(subjects, 1, subjects.lines().filter(subject::equals).count());
            assertEquals("v: " + i + "\n", TestRepos.show(bare, "main", "p" + i + ".yaml"));
        }
        assertEquals("5", GitCli.run(bare, "rev-list", "--count", "main").strip());
    }
}
