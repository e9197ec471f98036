package io.jenkins.plugins.gitops.testing;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.commit.CommitCallable;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * A config repository served by C git's http-backend (user {@code bot}), configured as {@code shop-config} with the
 * credentials {@code git}, a store of credentials the test fills, a workspace, a build log, and the agent's commit
 * cache in the test's folder: what a step test of the plugin needs around a real git server.
 */
public final class ConfigRepoServer extends ExternalResource {
    public static final String NAME = "shop-config";

    private final TemporaryFolder tmp;
    private final Map<String, String> files;
    public final Map<String, StandardCredentials> credentials = new HashMap<>();
    public final CredentialLookup lookup = (id, run) -> credentials.get(id);
    public final Map<String, ConfigRepository> configured = new HashMap<>();
    public final RepositoryDirectory directory = name -> Optional.ofNullable(configured.get(name));
    private HttpGitServer server;
    private Path bare;
    private Path workspace;
    private FileTaskListener log;
    private String previousCacheDir;

    /** @param files the repository's first commit on {@code main} */
    public ConfigRepoServer(TemporaryFolder tmp, Map<String, String> files) {
        this.tmp = tmp;
        this.files = Map.copyOf(files);
    }

    @Override
    protected void before() throws Throwable {
        credentials.put("git", new TestCredentials.UserPass("git", "bot", "pw"));
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "cfg.git", files);
        server = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        workspace = tmp.newFolder("workspace").toPath();
        log = new FileTaskListener(tmp.newFile("log").toPath());
        previousCacheDir = System.setProperty(CommitCallable.CACHE_DIR_PROPERTY, tmp.newFolder("cache").toString());
        ConfigRepository repo = new ConfigRepository(NAME, server.url("cfg.git"));
        repo.setCredentialsId("git");
        repo.setDefaultBranch("main");
        configured.put(NAME, repo);
    }

    @Override
    protected void after() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (previousCacheDir == null) System.clearProperty(CommitCallable.CACHE_DIR_PROPERTY);
            else System.setProperty(CommitCallable.CACHE_DIR_PROPERTY, previousCacheDir);
        }
    }

    /** The configured repository, to change its settings. */
    public ConfigRepository repository() {
        return configured.get(NAME);
    }

    public String url() {
        return server.url("cfg.git");
    }

    public Path bare() {
        return bare;
    }

    public FileTaskListener log() {
        return log;
    }

    /** The branch's tip, as the git CLI reads it. */
    public String head() {
        return GitCli.run(bare, "rev-parse", "main").strip();
    }

    /** The context of a step of {@code run} with a workspace: build, log, workspace and an empty environment. */
    public TestStepContext context(FakeRun run) {
        return new TestStepContext().with(Run.class, run).with(TaskListener.class, log)
                .with(FilePath.class, new FilePath(workspace.toFile())).with(EnvVars.class, new EnvVars());
    }

    /** The context of a step that needs no workspace. */
    public TestStepContext controllerContext(FakeRun run) {
        return new TestStepContext().with(Run.class, run).with(TaskListener.class, log);
    }
}
