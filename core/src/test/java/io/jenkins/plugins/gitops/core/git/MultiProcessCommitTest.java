package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.testing.CommitMain;
import io.jenkins.plugins.gitops.core.testing.SshSigningKeys;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
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
 * Separate JVMs (separate Jenkins agents or CLI runs) have no shared queue: they must win by re-applying on the new
 * tip whenever another pushed first, on every kind of server, whatever words it uses for a lost race. Eight processes
 * of four commits each race on one branch of JGit's server, of C git's {@code http-backend} and of C git's
 * {@code git-receive-pack} over SSH; half share one cache folder, half have their own. The C git repositories protect
 * the branch with an update hook that refuses non-fast-forwards, as hosts do.
 */
public class MultiProcessCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final int PROCESSES = 8;
    private static final int COMMITS_EACH = 4;
    private static final String USER = "bot";
    private static final String PASSWORD = "pw-77";

    @Test
    public void eightProcessesOnJGitsServerAllLandOnce() throws Exception {
        Path root = tmp.newFolder("jgit").toPath();
        Path bare = TestRepos.createBare(root, "shared.git", Map.of("README.md", "x\n"));
        try (HttpGitServer server = HttpGitServer.start(root, USER, PASSWORD)) {
            race(server.url("shared.git"), List.of("password", USER, PASSWORD));
        }
        assertEachLandedOnce(bare);
    }

    @Test
    public void eightProcessesOnCGitHttpBackendAllLandOnce() throws Exception {
        Path root = tmp.newFolder("cgit-http").toPath();
        Path bare = protectedRepo(root);
        try (HttpGitServer server = HttpGitServer.serve(new GitHttpBackendServlet(root), USER, PASSWORD)) {
            race(server.url("shared.git"), List.of("password", USER, PASSWORD));
        }
        assertEachLandedOnce(bare);
    }

    @Test
    public void eightProcessesOnCGitReceivePackOverSshAllLandOnce() throws Exception {
        Path root = tmp.newFolder("cgit-ssh").toPath();
        Path bare = protectedRepo(root);
        try (SshGitServer server = SshGitServer.startCGit(root)) {
            Path key = Files.writeString(tmp.newFile().toPath(), server.clientPrivateKey());
            Path knownHosts = Files.writeString(tmp.newFile().toPath(), server.knownHostsLine() + "\n");
            race(server.url("shared.git"), List.of("key", key.toString(), knownHosts.toString()));
        }
        assertEachLandedOnce(bare);
    }

    @Test
    public void eightSigningProcessesOnCGitThatRequiresSignedCommitsAllLandOnceAndVerify() throws Exception {
        Path root = tmp.newFolder("cgit-signed").toPath();
        Path bare = protectedRepo(root);
        SshSigningKeys keys = new SshSigningKeys(tmp.newFolder().toPath());
        SshSigningKeys.Key key = keys.make("racer", "ed25519", "");
        SshSigningKeys.trust(bare, keys.allowedSigners("gitops-bridge@noreply.invalid", key));
        SshSigningKeys.requireSignedCommits(bare);
        Path keyFile = Files.writeString(tmp.newFile().toPath(), key.privateKey());
        try (HttpGitServer server = HttpGitServer.serve(new GitHttpBackendServlet(root), USER, PASSWORD)) {
            race(server.url("shared.git"), List.of("password", USER, PASSWORD), List.of("-Dsign.key=" + keyFile));
        }
        assertEachLandedOnce(bare);
        for (String commit : GitCli.run(bare, "rev-list", "--first-parent", "main", "--max-count=" + PROCESSES * COMMITS_EACH)
                .strip().split("\n")) {
            assertEquals(commit + " verifies, re-applied or not", 0, SshSigningKeys.verify(bare, commit));
        }
    }

    /** A bare repository whose update hook refuses non-fast-forwards, as a protected branch does. */
    static Path protectedRepo(Path root) throws Exception {
        Path bare = TestRepos.createBare(root, "shared.git", Map.of("README.md", "x\n"));
        GitCli.run(bare, "config", "http.receivepack", "true");
        Path hook = bare.resolve("hooks/update");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\n"
                + "if [ \"$2\" != 0000000000000000000000000000000000000000 ] && ! git merge-base --is-ancestor \"$2\" \"$3\"; then\n"
                + "  echo \"protected branch: $1 refuses non-fast-forwards\" >&2; exit 1\n"
                + "fi\n");
        assertTrue(hook.toFile().setExecutable(true));
        return bare;
    }

    private void race(String url, List<String> credentials) throws Exception {
        race(url, credentials, List.of());
    }

    private void race(String url, List<String> credentials, List<String> jvmOptions) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String sharedCache = tmp.newFolder().toString();
        List<Process> processes = new ArrayList<>();
        List<File> outputs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            String cache = i < PROCESSES / 2 ? sharedCache : tmp.newFolder().toString();
            File out = tmp.newFile();
            outputs.add(out);
            List<String> command = new ArrayList<>(List.of(javaBin, "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommitMain.class.getName(),
                    url, cache, "p" + i, String.valueOf(COMMITS_EACH)));
            command.addAll(credentials);
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start());
        }
        for (int i = 0; i < PROCESSES; i++) {
            Process p = processes.get(i);
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) p.destroyForcibly();
            String output = Files.readString(outputs.get(i).toPath(), StandardCharsets.UTF_8);
            assertTrue("process " + i + " finished: " + output, done);
            assertEquals("process " + i + ": " + output, 0, p.exitValue());
            assertEquals(output, COMMITS_EACH, output.lines().filter(l -> l.startsWith("RESULT ")).count());
        }
    }

    /** Every change is one commit on the first-parent line of the branch, and no change is there twice. */
    private static void assertEachLandedOnce(Path bare) {
        GitCli.run(bare, "fsck", "--strict");
        List<String> subjects = GitCli.run(bare, "log", "--first-parent", "--format=%s", "main").lines().toList();
        assertEquals(subjects.toString(), PROCESSES * COMMITS_EACH + 1, subjects.size());
        for (int p = 0; p < PROCESSES; p++) {
            for (int c = 0; c < COMMITS_EACH; c++) {
                String file = "p" + p + "-" + c + ".yaml";
                assertEquals(subjects.toString(), 1, subjects.stream().filter(("Set " + file)::equals).count());
                assertEquals("v: " + c + "\n", TestRepos.show(bare, "main", file));
            }
        }
    }
}
