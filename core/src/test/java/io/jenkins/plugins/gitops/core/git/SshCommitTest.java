package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.change.Manifest;
import io.jenkins.plugins.gitops.core.testing.RecordingListener;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SshCommitTest {
    @ClassRule
    public static TemporaryFolder tmp = new TemporaryFolder();

    static SshGitServer server;
    static Path root;
    static final AtomicInteger names = new AtomicInteger();

    @BeforeClass
    public static void startServer() throws Exception {
        root = tmp.newFolder("repos").toPath();
        server = SshGitServer.start(root);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        server.close();
    }

    static String newRepo() {
        String name = "s" + names.incrementAndGet() + ".git";
        TestRepos.createBare(root, name, Map.of("app.yaml", "image: app:1\n"));
        return name;
    }

    static CommitRequest request(String repo, TransportOptions options) throws Exception {
        return CommitRequest.builder(server.url(repo)).branch("main").message("Deploy over SSH")
                .changes(new Manifest("app.yaml", "image: app:2\n"))
                .credentials(new Credentials.SshKey("git", server.clientPrivateKey(), null)).transport(options).build();
    }

    @Test
    public void commitsWithKeyAndKnownHost() throws Exception {
        String repo = newRepo();
        Path cache = tmp.newFolder().toPath();
        long homesBefore = sshHomes();
        CommitResult r = new GitopsCommitter(cache).commit(
                request(repo, TransportOptions.DEFAULT.withKnownHosts(server.knownHostsLine())), new RecordingListener());
        assertTrue(r.changed());
        assertEquals("image: app:2\n", TestRepos.show(root.resolve(repo), "main", "app.yaml"));
        assertEquals("the temporary SSH home is deleted", homesBefore, sshHomes());
        HttpCommitTest.assertNoSecretsOnDisk(cache, server.clientPrivateKey().lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    public void unknownHostIsRefusedByDefault() throws Exception {
        String repo = newRepo();
        GitopsException e = assertThrows(GitopsException.class, () -> new GitopsCommitter(tmp.newFolder().toPath())
                .commit(request(repo, TransportOptions.DEFAULT), new RecordingListener()));
        assertTrue(e.getMessage(), e.getMessage().startsWith("Fetch from " + server.url(repo).replace("git@", "") + " failed: Server key did not validate (the host key is not in the known hosts"));
        assertEquals("image: app:1\n", TestRepos.show(root.resolve(repo), "main", "app.yaml"));
    }

    @Test
    public void unknownHostIsAcceptedWithTheFlag() throws Exception {
        String repo = newRepo();
        CommitResult r = new GitopsCommitter(tmp.newFolder().toPath()).commit(
                request(repo, TransportOptions.DEFAULT.withAcceptUnknownHosts(true)), new RecordingListener());
        assertTrue(r.changed());
    }

    @Test
    public void changedHostKeyIsRefusedEvenWithTheFlag() throws Exception {
        String repo = newRepo();
        String wrongKey = server.knownHostsLine().replaceFirst(" \\S+$", " " + org.apache.sshd.common.config.keys.PublicKeyEntry
                .toString(SshGitServer.newKey().getPublic()).split(" ")[1]);
        GitopsException e = assertThrows(GitopsException.class, () -> new GitopsCommitter(tmp.newFolder().toPath()).commit(
                request(repo, TransportOptions.DEFAULT.withKnownHosts(wrongKey).withAcceptUnknownHosts(true)),
                new RecordingListener()));
        assertFalse(e.getMessage().isEmpty());
        assertEquals("image: app:1\n", TestRepos.show(root.resolve(repo), "main", "app.yaml"));
    }

    private static long sshHomes() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("gitops-ssh")).count();
        }
    }
}
