package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.testing.GitCli;
import io.jenkins.plugins.gitops.core.testing.GitHttpBackendServlet;
import io.jenkins.plugins.gitops.core.testing.HttpGitServer;
import io.jenkins.plugins.gitops.core.testing.TestRepos;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code gitops revert} against C git's http-backend: the JSON of a commit says what it replaced; a revert by SHA or by
 * change ID restores it and keeps what someone else committed on top; a second revert finds the first; a value
 * someone changed since fails the revert with the reason and pushes nothing, unless {@code --partial allow}.
 */
public class RevertCommandTest {
    private static final String VALUES = "web:\n  tag: \"1.0\"\n  replicas: 2\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpGitServer git;
    private Path bare;
    private StringWriter out;
    private StringWriter err;

    @Before
    public void start() throws Exception {
        Path root = tmp.newFolder("repos").toPath();
        bare = TestRepos.createBare(root, "cfg.git", Map.of("values.yaml", VALUES));
        git = HttpGitServer.serve(new GitHttpBackendServlet(root), "bot", "pw");
    }

    @After
    public void stop() throws Exception {
        git.close();
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--repo", git.url("cfg.git"), "--branch", "main", "--cache-dir", tmp.getRoot().toPath()
                .resolve("cache").toString()));
        return GitopsCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("GITOPS_USERNAME", "bot", "GITOPS_PASSWORD", "pw"), all.toArray(String[]::new));
    }

    private void done(String... args) {
        int code = run(args);
        assertEquals(err.toString(), ExitCodes.DONE, code);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    public void revertsByShaAndByChangeIdKeepingTheirsAndFindsItselfTheSecondTime() throws Exception {
        done("commit", "-m", "tag 1.1", "--change-id", "deploy-1.1",
                "--yaml-value", "values.yaml", "web.tag", "1.1");
        JsonNode commit = json();
        assertEquals("1.0", commit.path("replaced").get(0).path("was").asText());
        assertEquals("1.1", commit.path("replaced").get(0).path("now").asText());
        String theirs = TestRepos.pushChange(tmp.getRoot().toPath(), bare, "scale", Map.of("values.yaml",
                "web:\n  tag: \"1.1\"\n  replicas: 4\n"));

        done("revert", "--change-id", "deploy-1.1");
        JsonNode reverted = json();
        assertEquals(commit.path("commit").asText(), reverted.path("reverted").asText());
        assertTrue(reverted.path("created").asBoolean());
        assertFalse(reverted.path("partial").asBoolean());
        assertEquals("values.yaml web.tag", reverted.path("restored").get(0).asText());
        assertEquals("web:\n  tag: \"1.0\"\n  replicas: 4\n", TestRepos.show(bare, "main", "values.yaml"));
        assertEquals(theirs, GitCli.run(bare, "rev-parse", "main^").strip());

        String tip = GitCli.run(bare, "rev-parse", "main").strip();
        done("revert", "--commit", commit.path("commit").asText());
        assertTrue(json().path("alreadyReverted").asBoolean());
        assertEquals(tip, json().path("revertedBy").asText());
        assertEquals(tip, GitCli.run(bare, "rev-parse", "main").strip());
    }

    @Test
    public void aValueChangedSinceFailsTheRevertUnlessPartialIsAllowed() throws Exception {
        run("commit", "-m", "tag 1.1", "--yaml-value", "values.yaml", "web.tag", "1.1",
                "--yaml-number", "values.yaml", "web.replicas", "3");
        String ours = json().path("commit").asText();
        TestRepos.pushChange(tmp.getRoot().toPath(), bare, "hotfix", Map.of("values.yaml",
                "web:\n  tag: \"1.2\"\n  replicas: 3\n"));
        String before = GitCli.run(bare, "rev-parse", "main").strip();

        assertEquals(ExitCodes.FAILED, run("revert", "--commit", ours));
        assertTrue(err.toString(), err.toString().contains("values.yaml web.tag: is \"1.2\" now; the commit wrote \"1.1\""));
        assertEquals(before, GitCli.run(bare, "rev-parse", "main").strip());

        done("revert", "--commit", ours, "--partial", "allow");
        JsonNode partial = json();
        assertTrue(partial.path("partial").asBoolean());
        assertEquals("web.tag", partial.path("kept").get(0).path("path").asText());
        assertEquals("web:\n  tag: \"1.2\"\n  replicas: 2\n", TestRepos.show(bare, "main", "values.yaml"));
    }
}
