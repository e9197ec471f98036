package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.pr.GitHubSimulator;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
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

/** {@code gitops commit --pull-request} against a GitHub simulator whose repository C git's http-backend serves. */
public class PullRequestCommandTest {
    private static final String TOKEN = "ghp_cli_simulated_42";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpGitServer git;
    private GitHubSimulator github;
    private Path bare;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        Files.createDirectories(root.resolve("acme"));
        bare = TestRepos.createBare(root.resolve("acme"), "shop-config.git", Map.of("apps/web/values.yaml", "tag: 1.0.0\n"));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
        github = new GitHubSimulator("acme", "shop-config", TOKEN, bare);
    }

    @After
    public void stop() throws Exception {
        github.close();
        git.close();
    }

    private int gitops(Map<String, String> env, String... args) {
        return GitopsCli.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
    }

    @Test
    public void opensAPullRequestAndPrintsItInTheJson() throws Exception {
        int code = gitops(Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_PR_TOKEN", TOKEN),
                "commit", "--repo", git.url("acme/shop-config.git"), "--branch", "main", "-m", "shop-web 1.1.0",
                "--yaml-value", "apps/web/values.yaml", "tag", "1.1.0", "--change-id", "shop#7",
                "--pull-request", "--pr-label", "deploy", "--pr-reviewer", "lead", "--pr-api-url", github.apiUrl(),
                "--cache-dir", tmp.newFolder("cache").toString());

        assertEquals(err.toString(), ExitCodes.DONE, code);
        JsonNode result = new ObjectMapper().readTree(out.toString());
        JsonNode pr = result.path("pullRequest");
        assertEquals("open", pr.path("state").asText());
        assertEquals("main", pr.path("base").asText());
        assertTrue(pr.path("created").asBoolean());
        String branch = pr.path("branch").asText();
        assertEquals(branch, result.path("branch").asText());
        assertEquals(result.path("commit").asText(), GitCli.run(bare, "rev-parse", branch).strip());
        assertEquals("shop-web 1.1.0", github.pull(pr.path("number").asInt()).path("title").asText());
        assertFalse("no token in the output", (out.toString() + err).contains(TOKEN));
    }

    @Test
    public void autoMergeWithNothingMissingSquashesAtOnce() throws Exception {
        int code = gitops(Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_PR_TOKEN", TOKEN),
                "commit", "--repo", git.url("acme/shop-config.git"), "--branch", "main", "-m", "shop-web 1.1.5",
                "--yaml-value", "apps/web/values.yaml", "tag", "1.1.5", "--change-id", "shop#8", "--pull-request",
                "--pr-auto-merge", "--pr-merge-method", "squash", "--pr-api-url", github.apiUrl(),
                "--cache-dir", tmp.newFolder("cache").toString());

        assertEquals(err.toString(), ExitCodes.DONE, code);
        JsonNode pr = new ObjectMapper().readTree(out.toString()).path("pullRequest");
        assertEquals("merged", pr.path("state").asText());
        assertEquals(GitCli.run(bare, "rev-parse", "main").strip(), pr.path("mergeCommit").asText());
        assertTrue(err.toString(), err.toString().contains("nothing was missing, so it was merged now (squash)"));
    }

    @Test
    public void aGitHubAppSignsInWithItsKeyFileAndNoTokenIsPrinted() throws Exception {
        java.nio.file.Path key = tmp.getRoot().toPath().resolve("app.pem");
        assertEquals(0, new ProcessBuilder("openssl", "genrsa", "-traditional", "-out", key.toString(), "2048")
                .redirectErrorStream(true).start().waitFor());
        Process der = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", key.toString(), "-outform", "DER")
                .start();
        byte[] pkcs8 = der.getInputStream().readAllBytes();
        der.waitFor();
        var parsed = (java.security.interfaces.RSAPrivateCrtKey) java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        github.installApp("31337", java.security.KeyFactory.getInstance("RSA").generatePublic(
                new java.security.spec.RSAPublicKeySpec(parsed.getModulus(), parsed.getPublicExponent())));
        Map<String, String> env = Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_PR_APP_ID", "31337",
                "GITOPS_PR_APP_KEY_FILE", key.toString());

        int code = gitops(env, "commit", "--repo", git.url("acme/shop-config.git"), "--branch", "main", "-m", "shop-web 2.0",
                "--yaml-value", "apps/web/values.yaml", "tag", "2.0", "--change-id", "shop#20", "--pull-request",
                "--pr-api-url", github.apiUrl(), "--cache-dir", tmp.newFolder("cache").toString());

        assertEquals(err.toString(), ExitCodes.DONE, code);
        assertEquals("open", new ObjectMapper().readTree(out.toString()).path("pullRequest").path("state").asText());
        assertEquals(1, github.installationTokensIssued());
        assertFalse((out.toString() + err).contains("ghs_"));
        assertFalse((out.toString() + err).contains("PRIVATE KEY"));
    }

    @Test
    public void withoutATokenItSaysWhichVariableToSetAndPushesNothing() throws Exception {
        int code = gitops(Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw"),
                "commit", "--repo", git.url("acme/shop-config.git"), "--branch", "main", "-m", "x",
                "--yaml-value", "apps/web/values.yaml", "tag", "1.2.0", "--pull-request",
                "--pr-api-url", github.apiUrl(), "--cache-dir", tmp.newFolder("cache").toString());

        assertTrue(code != ExitCodes.DONE);
        assertEquals("gitops: set GITOPS_PR_TOKEN to the API token", err.toString().strip());
        assertEquals(1, GitCli.run(bare, "branch", "--list").lines().count());
    }

    @Test
    public void waitsForTheMergeAndPrintsTheMergeCommit() throws Exception {
        Map<String, String> env = Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_PR_TOKEN", TOKEN);
        assertEquals(err.toString(), ExitCodes.DONE, gitops(env, "commit", "--repo", git.url("acme/shop-config.git"),
                "--branch", "main", "-m", "shop-web 1.3.0", "--yaml-value", "apps/web/values.yaml", "tag", "1.3.0",
                "--change-id", "shop#9", "--pull-request", "--pr-api-url", github.apiUrl(),
                "--cache-dir", tmp.newFolder("cache").toString()));
        int number = new ObjectMapper().readTree(out.toString()).path("pullRequest").path("number").asInt();
        String merge = github.merge(number);
        out.getBuffer().setLength(0);

        int code = gitops(env, "wait", "pull-request", "--repo", git.url("acme/shop-config.git"), "--number",
                String.valueOf(number), "--pr-api-url", github.apiUrl(), "--timeout", "30");

        assertEquals(err.toString(), ExitCodes.DONE, code);
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertEquals("done", result.path("outcome").asText());
        assertEquals(merge, result.path("mergeCommit").asText());
        assertEquals("merged", result.path("pullRequest").path("state").asText());
    }

    @Test
    public void aClosedPullRequestFailsTheWaitWithExitCode1() throws Exception {
        Map<String, String> env = Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_PR_TOKEN", TOKEN);
        gitops(env, "commit", "--repo", git.url("acme/shop-config.git"), "--branch", "main", "-m", "x",
                "--yaml-value", "apps/web/values.yaml", "tag", "1.4.0", "--change-id", "shop#10", "--pull-request",
                "--pr-api-url", github.apiUrl(), "--cache-dir", tmp.newFolder("cache").toString());
        int number = new ObjectMapper().readTree(out.toString()).path("pullRequest").path("number").asInt();
        github.close(number);
        out.getBuffer().setLength(0);

        int code = gitops(env, "wait", "pull-request", "--repo", git.url("acme/shop-config.git"), "--number",
                String.valueOf(number), "--pr-api-url", github.apiUrl());

        assertEquals(ExitCodes.FAILED, code);
        assertEquals("pull request #" + number + " was closed without merging",
                new ObjectMapper().readTree(out.toString()).path("reason").asText());
    }

    @Test
    public void opensAPullRequestOnGitea() throws Exception {
        try (io.jenkins.plugins.gitops.core.pr.GiteaSimulator gitea =
                new io.jenkins.plugins.gitops.core.pr.GiteaSimulator("acme", "shop-config", "gitea_cli_tok", bare)) {
            int code = gitops(Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw", "GITOPS_PR_TOKEN", "gitea_cli_tok"),
                    "commit", "--repo", git.url("acme/shop-config.git"), "--branch", "main", "-m", "shop-web 2.0.0",
                    "--yaml-value", "apps/web/values.yaml", "tag", "2.0.0", "--change-id", "shop#11", "--pull-request",
                    "--pr-host", "gitea", "--pr-api-url", gitea.apiUrl(), "--cache-dir", tmp.newFolder("cache").toString());

            assertEquals(err.toString(), ExitCodes.DONE, code);
            JsonNode pr = new ObjectMapper().readTree(out.toString()).path("pullRequest");
            assertEquals("open", pr.path("state").asText());
            assertEquals("shop-web 2.0.0", gitea.pull(pr.path("number").asInt()).path("title").asText());
        }
    }
}
