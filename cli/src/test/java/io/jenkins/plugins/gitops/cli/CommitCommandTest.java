package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code gitops commit} against a real smart-HTTP git server, checked with the git CLI. */
public class CommitCommandTest {
    private static final String USER = "bot";
    private static final String PASSWORD = "cli-pass-4711";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private Path bare;
    private HttpGitServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Before
    public void start() throws Exception {
        root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "config.git", Map.of(
                "apps/shop/values.yaml", "web:\n  image:\n    tag: \"1.0\" # {\"$imagepolicy\": \"flux-system:web:tag\"}\n",
                "apps/shop/kustomization.yaml", "resources:\n  - deployment.yaml\nimages:\n  - name: registry.example.com/shop/web\n    newTag: \"1.0\"\n",
                "apps/shop/old.yaml", "old: true\n",
                "apps/shop/all.yaml", "kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n---\n"
                        + "kind: Deployment\nmetadata:\n  name: worker\nspec:\n  replicas: 1\n"));
        server = HttpGitServer.start(root, USER, PASSWORD);
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private int gitops(Map<String, String> env, String... args) {
        return GitopsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
    }

    @Test
    public void commitsEveryKindOfChangeAndPrintsJson() throws Exception {
        Path extra = tmp.newFile("extra.yaml").toPath();
        Files.writeString(extra, "kind: ConfigMap\n");
        int code = gitops(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD),
                "commit", "--repo", server.url("config.git"), "--branch", "main", "-m", "shop-web 1.10",
                "--yaml-value", "apps/shop/values.yaml", "web.image.tag", "1.10",
                "--yaml-value", "apps/shop/all.yaml#kind=Deployment,name=web", "spec.replicas", "3",
                "--kustomize-image", "apps/shop/kustomization.yaml", "registry.example.com/shop/web:1.10",
                "--manifest", "apps/shop/extra.yaml", extra.toString(),
                "--remove", "apps/shop/old.yaml",
                "--build-url", "https://ci.example.com/job/shop/7/", "--job", "shop", "--build-number", "7",
                "--cache-dir", tmp.newFolder("cache").toString());

        assertEquals(err.toString(), ExitCodes.DONE, code);
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertTrue(result.get("changed").asBoolean());
        assertTrue(result.get("created").asBoolean());
        assertFalse(result.get("alreadyPresent").asBoolean());
        assertEquals("main", result.get("branch").asText());
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), result.get("commit").asText());
        assertEquals(5, result.get("files").size());
        assertEquals("kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n---\n"
                + "kind: Deployment\nmetadata:\n  name: worker\nspec:\n  replicas: 1\n", TestRepos.show(bare, "main", "apps/shop/all.yaml"));
        assertEquals("web:\n  image:\n    tag: \"1.10\" # {\"$imagepolicy\": \"flux-system:web:tag\"}\n",
                TestRepos.show(bare, "main", "apps/shop/values.yaml"));
        assertEquals("resources:\n  - deployment.yaml\nimages:\n  - name: registry.example.com/shop/web\n    newTag: \"1.10\"\n",
                TestRepos.show(bare, "main", "apps/shop/kustomization.yaml"));
        String message = GitCli.run(bare, "log", "-1", "--format=%B", "main");
        assertTrue(message, message.startsWith("shop-web 1.10\n"));
        assertTrue(message, message.contains("Jenkins-Build-URL: https://ci.example.com/job/shop/7/\n"));
        assertFalse(err.toString().contains(PASSWORD));
        GitCli.run(bare, "fsck", "--strict");
    }

    @Test
    public void wrongPasswordExitsWithOneAndNoSecret() throws Exception {
        int code = gitops(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", "not-" + PASSWORD),
                "commit", "--repo", server.url("config.git"), "--branch", "main",
                "--remove", "apps/shop/old.yaml", "--cache-dir", tmp.newFolder("cache").toString());
        assertEquals(ExitCodes.FAILED, code);
        assertTrue(err.toString(), err.toString().startsWith("gitops: "));
        assertFalse(err.toString(), err.toString().contains(PASSWORD));
        assertEquals("", out.toString());
    }

    @Test
    public void startFromCreatesAMissingBranch() throws Exception {
        String main = GitCli.run(bare, "rev-parse", "main").strip();
        Path manifest = tmp.newFile("preview.yaml").toPath();
        Files.writeString(manifest, "kind: Namespace\n");
        int code = gitops(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD),
                "commit", "--repo", server.url("config.git"), "--branch", "preview/pr-3", "--start-from", "main",
                "--manifest", "apps/preview.yaml", manifest.toString(), "--cache-dir", tmp.newFolder().toString());

        assertEquals(err.toString(), ExitCodes.DONE, code);
        assertEquals(main, GitCli.run(bare, "rev-parse", "preview/pr-3^").strip());
        assertTrue(new ObjectMapper().readTree(out.toString()).get("created").asBoolean());
    }

    @Test
    public void yamlNumberWritesANewKeyUnquoted() throws Exception {
        int code = gitops(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD),
                "commit", "--repo", server.url("config.git"), "--branch", "main",
                "--yaml-number", "apps/shop/values.yaml", "web.replicas", "3",
                "--yaml-value", "apps/shop/values.yaml", "web.image.tag", "2.0",
                "--cache-dir", tmp.newFolder().toString());

        assertEquals(err.toString(), ExitCodes.DONE, code);
        String values = TestRepos.show(bare, "main", "apps/shop/values.yaml");
        assertTrue(values, values.contains("replicas: 3\n"));
        assertTrue("the other value keeps the default rule: " + values, values.contains("tag: \"2.0\""));
    }

    @Test
    public void noChangeIsAUsageError() {
        int code = gitops(Map.of(), "commit", "--repo", server.url("config.git"));
        assertEquals(ExitCodes.USAGE, code);
        assertTrue(err.toString(), err.toString().contains("no change given"));
    }

    @Test
    public void dryRunPushesNothing() throws Exception {
        String before = GitCli.run(bare, "rev-parse", "main").strip();
        int code = gitops(Map.of("GITOPS_USERNAME", USER, "GITOPS_PASSWORD", PASSWORD),
                "commit", "--repo", server.url("config.git"), "--branch", "main", "--dry-run",
                "--yaml-value", "apps/shop/values.yaml", "web.image.tag", "2.0", "--cache-dir", tmp.newFolder("cache").toString());
        assertEquals(err.toString(), ExitCodes.DONE, code);
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());
        assertTrue(err.toString(), err.toString().contains("+    tag: \"2.0\""));
    }

    @Test
    public void imageSpecsFollowKustomize() {
        assertEquals(new CommitCommand.ImageSpec("registry/web", null, "1.2", null), CommitCommand.ImageSpec.parse("registry/web:1.2"));
        assertEquals(new CommitCommand.ImageSpec("web", "registry:5000/web", "1.2", null), CommitCommand.ImageSpec.parse("web=registry:5000/web:1.2"));
        assertEquals(new CommitCommand.ImageSpec("registry:5000/web", null, null, "sha256:abc"), CommitCommand.ImageSpec.parse("registry:5000/web@sha256:abc"));
    }
}
