package io.jenkins.plugins.gitops.core.git;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A server that refuses for a reason of its own (here C git's pre-receive hook, as a host's policy or size limit
 * would): the engine sees that the branch did not move, fails after one attempt, and shows what the server said.
 */
public class ServerRefusalTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    private static final String POLICY = "policy: deploys to main are frozen until Monday";

    private static Path refusingRepo(Path root) throws Exception {
        Path bare = TestRepos.createBare(root, "frozen.git", Map.of("README.md", "x\n"));
        Path hook = bare.resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho \"" + POLICY + "\" >&2\nexit 1\n");
        hook.toFile().setExecutable(true);
        return bare;
    }

    private static void assertRefusedOnce(String url, Credentials credentials, TransportOptions transport, Path bare)
            throws Exception {
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        RecordingListener log = new RecordingListener();
        CommitRequest request = CommitRequest.builder(url).branch("main").message("Deploy")
                .changes(new Manifest("apps/web.yaml", "replicas: 3\n")).credentials(credentials).transport(transport)
                .maxAttempts(10).build();

        GitopsException e = assertThrows(GitopsException.class, () ->
                new GitopsCommitter(tmp.newFolder().toPath(), d -> {}, Backoff.DEFAULT).commit(request, log));

        assertThat(e.getMessage(), containsString("was refused by the server"));
        assertThat(e.getMessage(), containsString(POLICY));
        assertThat(e.getMessage(), containsString("so no other push came first"));
        assertEquals(log.all(), 1, log.all().lines().filter(l -> l.startsWith("Push attempt")).count());
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void aHookRefusalOverCGitHttpBackendFailsAfterOneAttemptWithItsWords() throws Exception {
        Path root = tmp.newFolder("http").toPath();
        Path bare = refusingRepo(root);
        try (HttpGitServer server = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw")) {
            assertRefusedOnce(server.url("frozen.git"), new Credentials.UsernamePassword("bot", "pw"),
                    TransportOptions.DEFAULT, bare);
        }
    }

    @Test
    public void aHookRefusalOverSshFailsAfterOneAttemptWithItsWords() throws Exception {
        Path root = tmp.newFolder("ssh").toPath();
        Path bare = refusingRepo(root);
        try (SshGitServer server = SshGitServer.startCGit(root)) {
            assertRefusedOnce(server.url("frozen.git"), new Credentials.SshKey("git", server.clientPrivateKey(), null),
                    TransportOptions.sshHosts(server.knownHostsLine(), false), bare);
        }
    }
}
