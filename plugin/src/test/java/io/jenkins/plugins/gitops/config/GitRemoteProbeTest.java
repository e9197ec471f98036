package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import io.jenkins.plugins.gitops.core.testing.SshGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.resolver.FileResolver;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GitRemoteProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Daemon daemon;
    private String url;

    @Before
    public void serve() throws Exception {
        java.io.File base = tmp.newFolder("repos");
        try (Git git = Git.init().setDirectory(new java.io.File(base, "shop-config.git")).setBare(false)
                .setInitialBranch("main").call()) {
            Files.writeString(git.getRepository().getWorkTree().toPath().resolve("README.md"), "config\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("init").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
            git.branchCreate().setName("release").call();
        }
        daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
        FileResolver<org.eclipse.jgit.transport.DaemonClient> resolver = new FileResolver<>(base, true);
        daemon.setRepositoryResolver(resolver);
        daemon.start();
        url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/shop-config.git/.git";
    }

    @After
    public void stop() {
        daemon.stop();
    }

    @Test
    public void listsTheRemotesRefs() {
        ProbeResult r = GitRemoteProbe.check(url, GitAuth.NONE, null, false, TIMEOUT);
        assertEquals(ProbeResult.connected("Connected to " + url + ": 3 refs, HEAD is refs/heads/main"), r);
    }

    @Test
    public void aMissingRepositoryIsReported() {
        ProbeResult r = GitRemoteProbe.check(url.replace("shop-config", "nope"), GitAuth.NONE, null, false, TIMEOUT);
        assertFalse(r.ok());
        assertTrue(r.message(), r.message().startsWith("Cannot list git://127.0.0.1:"));
    }

    @Test
    public void failuresShowNeitherPasswordNorUserInfo() {
        GitAuth auth = new GitAuth(GitAuth.Kind.USERNAME_PASSWORD, "bot", "hunter2-secret", null);
        ProbeResult r = GitRemoteProbe.check("http://bot@127.0.0.1:9/x.git", auth, null, false, TIMEOUT);
        assertFalse(r.ok());
        assertTrue(r.message(), r.message().startsWith("Cannot list http://127.0.0.1:9/x.git: "));
        assertFalse(r.message().contains("hunter2-secret"));
    }

    @Test
    public void httpGoesThroughJenkinsProxy() throws Exception {
        java.nio.file.Path root = tmp.newFolder("http-repos").toPath();
        TestRepos.createBare(root, "shop.git", java.util.Map.of("README.md", "config\n"));
        try (HttpGitServer git = HttpGitServer.start(root, "bot", "pw-1"); HttpProxyServer proxy = HttpProxyServer.open()) {
            GitAuth auth = new GitAuth(GitAuth.Kind.USERNAME_PASSWORD, "bot", "pw-1", null)
                    .withProxy(new HttpProxy(proxy.host(), proxy.port(), null, null, null));

            ProbeResult r = GitRemoteProbe.check(git.url("shop.git"), auth, null, false, TIMEOUT);

            assertTrue(r.message(), r.ok());
            assertTrue(proxy.requests().toString(),
                    proxy.requests().contains("GET " + git.url("shop.git") + "/info/refs?service=git-upload-pack"));
        }
    }

    @Test
    public void sshUsesOnlyTheConfiguredKeyAndKnownHosts() throws Exception {
        java.nio.file.Path root = tmp.newFolder("ssh-repos").toPath();
        TestRepos.createBare(root, "shop.git", java.util.Map.of("README.md", "config\n"));
        try (SshGitServer ssh = SshGitServer.start(root)) {
            GitAuth key = new GitAuth(GitAuth.Kind.SSH_KEY, "git", ssh.clientPrivateKey(), null);

            ProbeResult known = GitRemoteProbe.check(ssh.url("shop.git"), key, ssh.knownHostsLine(), false, TIMEOUT);
            assertTrue(known.message(), known.ok());
            assertTrue(known.message(), known.message().endsWith(": 2 refs, HEAD is refs/heads/main"));

            ProbeResult unknown = GitRemoteProbe.check(ssh.url("shop.git"), key, "", false, TIMEOUT);
            assertFalse(unknown.ok());
            assertTrue(unknown.message(), unknown.message().contains("the host key is not in the known hosts given"));
        }
    }

    @Test
    public void anUnreadableKeyIsNamedWithoutItsSecrets() {
        GitAuth key = new GitAuth(GitAuth.Kind.SSH_KEY, "git", "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----", "pass-phrase-secret");
        ProbeResult r = GitRemoteProbe.check("ssh://git@127.0.0.1:9/x.git", key, null, false, TIMEOUT);
        assertFalse(r.ok());
        assertEquals("Cannot read the SSH key for ssh://127.0.0.1:9/x.git (wrong passphrase or unsupported format):"
                + " IOException", r.message().replaceAll(": \\w+Exception$", ": IOException"));
        assertFalse(r.message().contains("pass-phrase-secret"));
        assertFalse(r.message().contains("bm90IGEga2V5"));
    }
}
