package io.jenkins.plugins.gitops.commit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.changes.CopyManifestsChange;
import io.jenkins.plugins.gitops.changes.GitopsChange;
import io.jenkins.plugins.gitops.changes.ManifestChange;
import io.jenkins.plugins.gitops.changes.YamlValueChange;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.RepositoryDirectory;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.HttpProxyServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.testing.FakeRun;
import io.jenkins.plugins.gitops.testing.FileTaskListener;
import io.jenkins.plugins.gitops.testing.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitopsCommit} as Pipeline runs it: a step execution with a test context, a local workspace (the callable is
 * serialized on its way there, as to an agent) and a real smart-HTTP git server, checked with the git CLI.
 */
public class GitopsCommitStepTest {
    private static final String USER = "jenkins-bot";
    private static final String PASSWORD = "step-pass-9931";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer server;
    private Path bare;
    private Path workspace;
    private String appCommit;
    private String previousCacheDir;
    private final CredentialLookup lookup = (id, run) -> id.equals("config-bot") ? new UserPass(id) : null;
    private final Map<String, ConfigRepository> configured = new HashMap<>();
    private final RepositoryDirectory directory = name -> Optional.ofNullable(configured.get(name));

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "config.git", Map.of(
                "apps/shop/values.yaml", "# shop\nweb:\n  image:\n    tag: \"1.0\"  # {\"$imagepolicy\": \"flux-system:web:tag\"}\n"));
        server = HttpGitServer.start(root, USER, PASSWORD);
        workspace = tmp.newFolder("workspace").toPath();
        GitCli.run(workspace, "init", "-q", "-b", "main");
        Files.createDirectories(workspace.resolve("k8s/rendered"));
        Files.writeString(workspace.resolve("k8s/rendered/service.yaml"), "kind: Service\n");
        GitCli.run(workspace, "add", ".");
        GitCli.run(workspace, "commit", "-q", "-m", "Render the service");
        appCommit = GitCli.run(workspace, "rev-parse", "HEAD").strip();
        previousCacheDir = System.setProperty(CommitCallable.CACHE_DIR_PROPERTY, tmp.newFolder("cache").toString());
    }

    @After
    public void stop() throws Exception {
        server.close();
        if (previousCacheDir == null) {
            System.clearProperty(CommitCallable.CACHE_DIR_PROPERTY);
        } else {
            System.setProperty(CommitCallable.CACHE_DIR_PROPERTY, previousCacheDir);
        }
    }

    private GitopsCommitStep step(GitopsChange... changes) {
        GitopsCommitStep step = new GitopsCommitStep(List.of(changes));
        step.setUrl(server.url("config.git"));
        step.setCredentialsId("config-bot");
        step.setBranch("main");
        return step;
    }

    private Object run(GitopsCommitStep step, Run<?, ?> run, FileTaskListener log) throws Throwable {
        return run(step, run, log, lookup);
    }

    private Object run(GitopsCommitStep step, Run<?, ?> run, FileTaskListener log, CredentialLookup lookup)
            throws Throwable {
        TestStepContext context = new TestStepContext()
                .with(Run.class, run)
                .with(TaskListener.class, log)
                .with(FilePath.class, new FilePath(workspace.toFile()))
                .with(EnvVars.class, new EnvVars(Map.of("GIT_COMMIT", appCommit, "GIT_URL", "https://git.example.com/shop/web.git")));
        new GitopsCommitStep.Execution(context, step, lookup, directory).start();
        return context.result(60);
    }

    @Test
    public void commitsWithTrailersAndReturnsTheResult() throws Throwable {
        FileTaskListener log = new FileTaskListener(tmp.newFile("log").toPath());
        GitopsCommitStep step = step(
                new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "1.10"),
                new ManifestChange("apps/shop/extra.yaml", "kind: ConfigMap\n"),
                new CopyManifestsChange("k8s/rendered", "apps/shop/rendered"));
        step.setMessage("shop-web 1.10");

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("team/deploy", 42), log);

        String head = GitCli.run(bare, "rev-parse", "main").strip();
        assertEquals(head, result.get("commit"));
        assertEquals(true, result.get("changed"));
        assertEquals("main", result.get("branch"));
        assertEquals(server.url("config.git"), result.get("repository"));
        assertEquals(List.of("apps/shop/extra.yaml", "apps/shop/rendered/service.yaml", "apps/shop/values.yaml"), result.get("files"));
        assertEquals(1, result.get("attempts"));
        assertEquals(true, result.get("created"));
        assertEquals(false, result.get("alreadyPresent"));
        assertEquals("# shop\nweb:\n  image:\n    tag: \"1.10\"  # {\"$imagepolicy\": \"flux-system:web:tag\"}\n",
                TestRepos.show(bare, "main", "apps/shop/values.yaml"));
        assertEquals("kind: Service\n", TestRepos.show(bare, "main", "apps/shop/rendered/service.yaml"));

        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.startsWith("shop-web 1.10\n"));
        assertTrue(message, message.contains("\nJenkins-Build-URL: job/team/job/deploy/42/\n"));
        assertTrue(message, message.contains("\nJenkins-Job: team/deploy\n"));
        assertTrue(message, message.contains("\nJenkins-Build-Number: 42\n"));
        assertTrue(message, message.contains("\nGitops-Change-Id: team/deploy#42:"));
        assertTrue(message, message.contains("\nArgocd-reference-commit-repourl: https://git.example.com/shop/web.git\n"));
        assertTrue(message, message.contains("\nArgocd-reference-commit-sha: " + appCommit + "\n"));
        assertTrue(message, message.contains("\nArgocd-reference-commit-subject: Render the service\n"));
        assertEquals(GitCli.run(bare, "log", "-1", "--format=%an <%ae>", "main").strip(), "GitOps Bridge <gitops-bridge@noreply.invalid>");

        String text = log.text();
        assertTrue(text, text.contains("+    tag: \"1.10\"  # {\"$imagepolicy\": \"flux-system:web:tag\"}"));
        assertTrue(text, text.contains("[gitops] " + server.url("config.git") + " main: pushed " + head + " after 1 attempt(s)"));
        assertFalse("no secret in the log", text.contains(PASSWORD));
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void aConfiguredRepositoryGivesUrlCredentialsBranchAuthorAndMessage() throws Throwable {
        ConfigRepository repo = new ConfigRepository("platform-config", server.url("config.git"));
        repo.setCredentialsId("config-bot");
        repo.setDefaultBranch("main");
        repo.setAuthorName("Deploy Bot");
        repo.setAuthorEmail("deploy-bot@example.com");
        repo.setMessageTemplate("Deploy from ${JOB_NAME} #${BUILD_NUMBER} (${UNKNOWN})");
        configured.put("platform-config", repo);
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "4.0")));
        step.setRepository("platform-config");

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("team/deploy", 15),
                new FileTaskListener(tmp.newFile().toPath()));

        assertEquals("main", result.get("branch"));
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), result.get("commit"));
        assertEquals("Deploy Bot <deploy-bot@example.com>", GitCli.run(bare, "log", "-1", "--format=%an <%ae>", "main").strip());
        assertEquals("Deploy from team/deploy #15 (${UNKNOWN})", GitCli.run(bare, "log", "-1", "--format=%s", "main").strip());
    }

    @Test
    public void anUnknownRepositoryNameIsAClearError() {
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("a.yaml", "a", "1")));
        step.setRepository("nope");
        AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 16),
                new FileTaskListener(tmp.newFile().toPath())));
        assertEquals("gitopsCommit: repository 'nope' is not configured in Manage Jenkins » System » GitOps", e.getMessage());
        step.setUrl("https://git.example.com/x.git");
        e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 16),
                new FileTaskListener(tmp.newFile().toPath())));
        assertEquals("gitopsCommit: give either 'repository' or 'url', not both", e.getMessage());
    }

    @Test
    public void aRepeatInTheSameBuildFindsItsCommitInsteadOfCommittingTwice() throws Throwable {
        FakeRun build = new FakeRun("team/deploy", 7);
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "2.0"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) run(step, build, new FileTaskListener(tmp.newFile().toPath()));
        TestRepos.pushChange(bare.getParent(), bare, "someone else", Map.of("other.yaml", "x: 1\n"));

        FileTaskListener log = new FileTaskListener(tmp.newFile().toPath());
        @SuppressWarnings("unchecked")
        Map<String, Object> again = (Map<String, Object>) run(step, build, log);

        assertEquals(first.get("commit"), again.get("commit"));
        assertEquals(true, again.get("changed"));
        assertEquals(false, again.get("created"));
        assertEquals(true, again.get("alreadyPresent"));
        assertEquals("3", GitCli.run(bare, "rev-list", "--count", "main").strip());
        assertTrue(log.text(), log.text().contains("already on the branch as " + first.get("commit")));
    }

    @Test
    public void anotherBuildWithTheSameChangeCommitsNothingNew() throws Throwable {
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "1.0"));
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("team/deploy", 8),
                new FileTaskListener(tmp.newFile().toPath()));
        assertEquals(false, result.get("changed"));
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), result.get("commit"));
        assertEquals("1", GitCli.run(bare, "rev-list", "--count", "main").strip());
    }

    @Test
    public void dryRunPrintsTheDiffAndPushesNothing() throws Throwable {
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "3.0"));
        step.setDryRun(true);
        FileTaskListener log = new FileTaskListener(tmp.newFile().toPath());
        run(step, new FakeRun("team/deploy", 9), log);
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
        assertTrue(log.text(), log.text().contains("+    tag: \"3.0\""));
        assertTrue(log.text(), log.text().contains("dry run: nothing pushed"));
    }

    @Test
    public void aPathOutsideTheRepositoryFailsWithAOneLineErrorAndPushesNothing() throws Throwable {
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        GitopsCommitStep step = step(new ManifestChange("apps/../../escape.yaml", "x: 1\n"));
        AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 10),
                new FileTaskListener(tmp.newFile().toPath())));
        assertTrue(e.getMessage(), e.getMessage().startsWith("gitopsCommit: "));
        assertTrue(e.getMessage(), e.getMessage().contains("apps/../../escape.yaml"));
        assertFalse(e.getMessage(), e.getMessage().contains("\n"));
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void landsThroughAPullRequestAndReturnsIt() throws Throwable {
        String token = "ghp_step_token_31337";
        CredentialLookup withToken = (id, run) -> id.equals("config-bot") ? new UserPass(id)
                : id.equals("github-token") ? new io.jenkins.plugins.gitops.testing.TestCredentials.Token(id, token) : null;
        String mainBefore = GitCli.run(bare, "rev-parse", "main").strip();
        try (io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "config", token, bare)) {
            GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "5.0"));
            step.setMessage("shop-web 5.0");
            PullRequestOption pr = new PullRequestOption("github-token");
            pr.setLabels(List.of("deploy"));
            pr.setApiUrl(github.apiUrl());
            step.setPullRequest(pr);
            FileTaskListener log = new FileTaskListener(tmp.newFile().toPath());

            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("team/deploy", 17), log, withToken);

            @SuppressWarnings("unchecked")
            Map<String, Object> opened = (Map<String, Object>) result.get("pullRequest");
            assertEquals("open", opened.get("state"));
            assertEquals("main", opened.get("base"));
            assertEquals(true, opened.get("created"));
            String branch = (String) opened.get("branch");
            assertTrue(branch, branch.startsWith("gitops/team-deploy-17-"));
            assertEquals(branch, result.get("branch"));
            assertEquals(result.get("commit"), GitCli.run(bare, "rev-parse", branch).strip());
            assertEquals("the protected branch is not pushed to", mainBefore, GitCli.run(bare, "rev-parse", "main").strip());
            var simulated = github.pull((Integer) opened.get("number"));
            assertEquals("shop-web 5.0", simulated.path("title").asText());
            assertEquals("deploy", simulated.path("labels").path(0).path("name").asText());
            assertTrue(log.text(), log.text().contains("[gitops] pull request #" + opened.get("number") + " into main is open: "));
            assertFalse("no token in the log", log.text().contains(token));
        }
    }

    @Test
    public void aConfiguredRepositoryGivesThePullRequestsHostApiAndCredentials() throws Throwable {
        String token = "ghp_configured_token_5150";
        CredentialLookup withToken = (id, run) -> id.equals("config-bot") ? new UserPass(id)
                : id.equals("prod-github-api") ? new io.jenkins.plugins.gitops.testing.TestCredentials.Token(id, token) : null;
        try (io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "config", token, bare)) {
            ConfigRepository repo = new ConfigRepository("prod-config", server.url("config.git"));
            repo.setCredentialsId("config-bot");
            repo.setDefaultBranch("main");
            repo.setPullRequestHost("github");
            repo.setPullRequestApiUrl(github.apiUrl());
            repo.setPullRequestCredentialsId("prod-github-api");
            configured.put("prod-config", repo);
            GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "6.0")));
            step.setRepository("prod-config");
            PullRequestOption pr = new PullRequestOption(null);
            pr.setLabels(List.of("deploy"));
            step.setPullRequest(pr);

            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("team/deploy", 18),
                    new FileTaskListener(tmp.newFile().toPath()), withToken);

            @SuppressWarnings("unchecked")
            Map<String, Object> opened = (Map<String, Object>) result.get("pullRequest");
            assertEquals("open", opened.get("state"));
            assertEquals("prod-github-api", opened.get("credentialsId"));
            assertEquals("github", opened.get("host"));
            assertEquals(1, github.count());
        }
        ConfigRepository noCredentials = new ConfigRepository("other-config", server.url("config.git"));
        configured.put("other-config", noCredentials);
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "6.1")));
        step.setRepository("other-config");
        step.setPullRequest(new PullRequestOption(""));
        AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 19),
                new FileTaskListener(tmp.newFile().toPath())));
        assertEquals("gitopsCommit: pullRequest: give credentialsId: (Secret text credentials with the host's API token),"
                + " or set the repository's pull-request credentials in Manage Jenkins » System » GitOps", e.getMessage());
        assertThrows(io.jenkins.plugins.gitops.config.InvalidSettingException.class,
                () -> noCredentials.setPullRequestHost("bitbucket-server"));
        assertThrows(io.jenkins.plugins.gitops.config.InvalidSettingException.class,
                () -> noCredentials.setPullRequestApiUrl("file:///etc/passwd"));
    }

    @Test
    public void aUsernameWithPasswordCredentialGivesItsPasswordAsTheGitHubToken() throws Throwable {
        String token = "ghp_as_a_password_808";
        CredentialLookup withUserPass = (id, run) -> id.equals("config-bot") ? new UserPass(id)
                : id.equals("github-user-token") ? new io.jenkins.plugins.gitops.testing.TestCredentials.UserPass(id,
                        "deploy-bot", token) : null;
        try (io.jenkins.plugins.gitops.core.pr.GitHubSimulator github =
                new io.jenkins.plugins.gitops.core.pr.GitHubSimulator("git", "config", token, bare)) {
            GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "7.0"));
            PullRequestOption pr = new PullRequestOption("github-user-token");
            pr.setApiUrl(github.apiUrl());
            step.setPullRequest(pr);
            FileTaskListener log = new FileTaskListener(tmp.newFile().toPath());

            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("team/deploy", 20), log, withUserPass);

            assertEquals("open", ((Map<?, ?>) result.get("pullRequest")).get("state"));
            assertFalse(log.text().contains(token));
        }
    }

    @Test
    public void theTimeoutBoundsTheWholeCommitQueueIncluded() throws Throwable {
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "9"));
        step.setTimeout(2);
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        long started = System.nanoTime();
        try (io.jenkins.plugins.gitops.core.git.BranchQueue.Turn held = io.jenkins.plugins.gitops.core.git.BranchQueue
                .await(server.url("config.git"), "main", "another build", java.time.Duration.ofSeconds(5),
                        io.jenkins.plugins.gitops.core.git.TransactionListener.NONE)) {
            AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 16),
                    new FileTaskListener(tmp.newFile().toPath())));
            assertTrue(e.getMessage(), e.getMessage().startsWith("gitopsCommit: Timed out after 2 s waiting for the push"
                    + " queue of " + server.url("config.git") + " main (held by another build)"));
        }
        assertTrue("ended by its timeout", System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(15));
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void aMissingValueNamesTheFileThePathAndTheReason() throws Throwable {
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image[0]", "1"));
        AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 11),
                new FileTaskListener(tmp.newFile().toPath())));
        assertTrue(e.getMessage(), e.getMessage().startsWith("gitopsCommit: apps/shop/values.yaml: web.image[0]: "));
    }

    @Test
    public void unknownCredentialsNameTheId() {
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "1"));
        step.setCredentialsId("nope");
        AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 12),
                new FileTaskListener(tmp.newFile().toPath())));
        assertTrue(e.getMessage(), e.getMessage().startsWith("No credentials with ID 'nope'"));
    }

    @Test
    public void needsAUrlOrARepository() {
        GitopsCommitStep step = new GitopsCommitStep(List.of(new YamlValueChange("a.yaml", "a", "1")));
        AbortException e = assertThrows(AbortException.class, () -> run(step, new FakeRun("team/deploy", 13),
                new FileTaskListener(tmp.newFile().toPath())));
        assertEquals("gitopsCommit: give 'repository' (from Manage Jenkins » System » GitOps) or 'url'", e.getMessage());
    }

    @Test
    public void aWrongPasswordFailsWithoutShowingIt() {
        CredentialLookup wrong = (id, run) -> new UserPass(id) {
            @Override
            public Secret getPassword() {
                return Secret.fromString("not-" + PASSWORD);
            }
        };
        GitopsCommitStep step = step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "1"));
        TestStepContext context = new TestStepContext().with(Run.class, new FakeRun("team/deploy", 14))
                .with(TaskListener.class, new FileTaskListener(tmp.getRoot().toPath().resolve("wrong.log")))
                .with(FilePath.class, new FilePath(workspace.toFile()));
        AbortException e = assertThrows(AbortException.class, () -> {
            new GitopsCommitStep.Execution(context, step, wrong, directory).start();
            context.result(60);
        });
        assertFalse(e.getMessage(), e.getMessage().contains(PASSWORD));
        assertTrue(e.getMessage(), e.getMessage().contains(server.url("config.git")));
    }

    @Test
    public void aBranchThatDoesNotExistIsCreatedFromStartFrom() throws Throwable {
        String main = GitCli.run(bare, "rev-parse", "main").strip();
        GitopsCommitStep step = step(new ManifestChange("apps/shop/preview.yaml", "kind: Namespace\n"));
        step.setBranch("preview/pr-9");
        step.setStartFrom("main");
        FileTaskListener log = new FileTaskListener(tmp.newFile("log").toPath());

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run(step, new FakeRun("deploy", 9), log);

        assertEquals("preview/pr-9", result.get("branch"));
        assertEquals(true, result.get("created"));
        assertEquals(main, GitCli.run(bare, "rev-parse", "preview/pr-9^").strip());
        assertTrue(log.text(), log.text().contains("creating it from main at " + main.substring(0, 12)));
    }

    @Test
    public void commitsThroughJenkinsProxyAndItsPasswordReachesNoLog() throws Throwable {
        try (HttpProxyServer proxy = HttpProxyServer.withUser("jenkins", "pr0xy-pw-5521")) {
            CredentialLookup viaProxy = new CredentialLookup() {
                @Override
                public com.cloudbees.plugins.credentials.common.StandardCredentials find(String id, Run<?, ?> run) {
                    return lookup.find(id, run);
                }

                @Override
                public HttpProxy proxy() {
                    return new HttpProxy(proxy.host(), proxy.port(), "jenkins", "pr0xy-pw-5521", "git.example.com");
                }
            };
            FileTaskListener log = new FileTaskListener(tmp.newFile("log").toPath());

            run(step(new YamlValueChange("apps/shop/values.yaml", "web.image.tag", "1.11")), new FakeRun("deploy", 7),
                    log, viaProxy);

            assertTrue(TestRepos.show(bare, "main", "apps/shop/values.yaml").contains("tag: \"1.11\""));
            assertTrue(proxy.requests().toString(),
                    proxy.requests().contains("POST " + server.url("config.git") + "/git-receive-pack"));
            assertEquals(List.of(), proxy.refused());
            assertFalse(log.text().contains("pr0xy-pw-5521"));
        }
    }

    private static class UserPass implements StandardUsernamePasswordCredentials {
        @Override
        public com.cloudbees.plugins.credentials.CredentialsScope getScope() {
            return com.cloudbees.plugins.credentials.CredentialsScope.GLOBAL;
        }

        private static final long serialVersionUID = 1L;
        private final String id;

        UserPass(String id) {
            this.id = id;
        }

        @Override public String getId() { return id; }
        @Override public String getDescription() { return ""; }
        @Override public String getUsername() { return USER; }
        @Override public Secret getPassword() { return Secret.fromString(PASSWORD); }
    }
}
