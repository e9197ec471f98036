package io.jenkins.plugins.gitops.page;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.GitopsRunAction.CommitRecord;
import io.jenkins.plugins.gitops.GitopsRunAction.WaitRecord;
import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRecord;
import io.jenkins.plugins.gitops.testing.FakeRun;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.kohsuke.stapler.StaplerRequest2;

/** {@code …/gitops/api/json}: the build's commits and waits for scripts, read-only, without secrets. */
public class GitopsRunApiTest {
    private static final String SHA = "fa7698a487b569a305c5364589b53ac98d6626e9";
    private final FakeRun run = new FakeRun("shop/deploy", 42);

    @Test
    public void commitsAndWaitsAreServedAsJson() throws Exception {
        GitopsRunAction.recordCommit(run, new CommitRecord("https://github.com/acme/shop-config.git", "main", "main", SHA,
                List.of("apps/shop/values.yaml", "apps/shop/kustomization.yaml"), true, "config-repo-bot"));
        GitopsRunAction.recordWait(run, new WaitRecord("Argo CD application shop/shop-web", SHA, WaitRecord.Result.DONE,
                Duration.ofSeconds(65), "Synced and Healthy at fa7698a487b5"));
        FakeResponse rsp = new FakeResponse();

        GitopsRunAction.of(run).getApi().doJson(request("GET"), rsp.proxy());

        assertEquals("application/json;charset=UTF-8", rsp.contentType);
        assertNull(rsp.error);
        JsonNode json = new ObjectMapper().readTree(rsp.body.toString());
        assertEquals(List.of("_class", "commits", "pullRequests", "reverts", "waits"), fieldNames(json));
        assertEquals("io.jenkins.plugins.gitops.GitopsRunAction", json.get("_class").asText());
        JsonNode commit = json.get("commits").get(0);
        assertEquals(List.of("repository", "branch", "sha", "link", "changed", "signingKey", "files"), fieldNames(commit));
        assertTrue("unsigned", commit.get("signingKey").isNull());
        assertEquals("https://github.com/acme/shop-config.git", commit.get("repository").asText());
        assertEquals("main", commit.get("branch").asText());
        assertEquals(SHA, commit.get("sha").asText());
        assertEquals("https://github.com/acme/shop-config/commit/" + SHA, commit.get("link").asText());
        assertTrue(commit.get("changed").asBoolean());
        assertEquals("apps/shop/kustomization.yaml", commit.get("files").get(1).asText());
        JsonNode wait = json.get("waits").get(0);
        assertEquals(List.of("target", "commit", "result", "succeeded", "durationMillis", "message"), fieldNames(wait));
        assertEquals("DONE", wait.get("result").asText());
        assertTrue(wait.get("succeeded").asBoolean());
        assertEquals(65_000, wait.get("durationMillis").asLong());
        assertEquals("Synced and Healthy at fa7698a487b5", wait.get("message").asText());
    }

    @Test
    public void revertsAreServedWithTheCommitTheyUndidAndWhatTheyLeft() throws Exception {
        String revert = "0123456789abcdef0123456789abcdef01234567";
        GitopsRunAction.recordRevert(run, new io.jenkins.plugins.gitops.revert.RevertRecord(
                "https://github.com/acme/shop-config.git", "main", SHA, revert, true, null,
                List.of("apps/shop/values.yaml web.replicas: is \"5\" now")));
        FakeResponse rsp = new FakeResponse();

        GitopsRunAction.of(run).getApi().doJson(request("GET"), rsp.proxy());

        JsonNode reverted = new ObjectMapper().readTree(rsp.body.toString()).get("reverts").get(0);
        assertEquals(List.of("repository", "branch", "reverted", "commit", "created", "revertedBy", "partial", "kept"),
                fieldNames(reverted));
        assertEquals(SHA, reverted.get("reverted").asText());
        assertEquals(revert, reverted.get("commit").asText());
        assertTrue(reverted.get("partial").asBoolean());
        assertEquals("apps/shop/values.yaml web.replicas: is \"5\" now", reverted.get("kept").get(0).asText());
    }

    @Test
    public void noSecretAndNoCredentialsIdIsServed() throws Exception {
        GitopsRunAction.recordCommit(run, new CommitRecord("https://bot:glpat-S3cr3tT0k3n@gitlab.com/acme/shop-config.git",
                "main", null, SHA, List.of("a.yaml"), true, "config-repo-bot"));
        FakeResponse rsp = new FakeResponse();

        GitopsRunAction.of(run).getApi().doJson(request("GET"), rsp.proxy());

        String body = rsp.body.toString();
        assertFalse(body, body.contains("S3cr3t"));
        assertFalse(body, body.contains("bot:"));
        assertFalse(body, body.contains("config-repo-bot"));
        assertEquals("https://gitlab.com/acme/shop-config.git",
                new ObjectMapper().readTree(body).get("commits").get(0).get("repository").asText());
    }

    @Test
    public void pullRequestsAreServedWithTheirStateAndWithoutTheirCredentials() throws Exception {
        CommitRecord branchCommit = new CommitRecord("https://github.com/acme/shop-config.git", "gitops/shop-1-abcd",
                null, SHA, List.of("a.yaml"), true, "config-repo-bot");
        GitopsRunAction.recordPullRequest(run, new PullRequestRecord("https://github.com/acme/shop-config.git", 7,
                "https://github.com/acme/shop-config/pull/7", "open", "gitops/shop-1-abcd", "main", null, "github", "",
                "github-api-token", branchCommit));
        GitopsRunAction.recordPullRequest(run, GitopsRunAction.of(run).lastPullRequest().ended("merged", "0123abcd"));
        FakeResponse rsp = new FakeResponse();

        GitopsRunAction.of(run).getApi().doJson(request("GET"), rsp.proxy());

        JsonNode pulls = new ObjectMapper().readTree(rsp.body.toString()).get("pullRequests");
        assertEquals("one pull request, brought up to date", 1, pulls.size());
        assertEquals(List.of("repository", "number", "url", "state", "branch", "base", "commit", "mergeCommit"),
                fieldNames(pulls.get(0)));
        assertEquals("merged", pulls.get(0).get("state").asText());
        assertEquals("0123abcd", pulls.get(0).get("mergeCommit").asText());
        assertEquals(SHA, pulls.get(0).get("commit").asText());
        assertFalse(rsp.body.toString().contains("github-api-token"));
    }

    @Test
    public void aBuildWithoutCommitsOrWaitsHasEmptyLists() throws Exception {
        FakeResponse rsp = new FakeResponse();
        GitopsRunAction.of(run).getApi().doJson(request("GET"), rsp.proxy());
        assertEquals("{\"_class\":\"io.jenkins.plugins.gitops.GitopsRunAction\",\"commits\":[],\"pullRequests\":[],\"reverts\":[],\"waits\":[]}", rsp.body.toString());
    }

    @Test
    public void onlyGetIsServed() throws Exception {
        FakeResponse rsp = new FakeResponse();
        GitopsRunAction.of(run).getApi().doJson(request("POST"), rsp.proxy());
        assertEquals(Integer.valueOf(HttpServletResponse.SC_METHOD_NOT_ALLOWED), rsp.error);
        assertEquals("GET, HEAD", rsp.headers.get("Allow"));
        assertEquals("", rsp.body.toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    public void treeAndPrettyWorkAsOnJenkinsOwnApi() throws Exception {
        GitopsRunAction.recordCommit(run, new CommitRecord("https://github.com/acme/shop-config.git", "main", "main", SHA,
                List.of("apps/shop/values.yaml"), true, "bot"));
        FakeResponse rsp = new FakeResponse();
        GitopsRunAction.of(run).getApi().doJson(request("GET", Map.of("tree", "commits[sha]", "pretty", "")), rsp.proxy());
        assertEquals("{\n  \"commits\" : [ {\n    \"sha\" : \"" + SHA + "\"\n  } ]\n}", rsp.body.toString());

        FakeResponse bad = new FakeResponse();
        GitopsRunAction.of(run).getApi().doJson(request("GET", Map.of("tree", "commits[sha")), bad.proxy());
        assertEquals(Integer.valueOf(HttpServletResponse.SC_BAD_REQUEST), bad.error);
    }

    private static StaplerRequest2 request(String method) {
        return request(method, Map.of());
    }

    private static StaplerRequest2 request(String method, Map<String, String> parameters) {
        return (StaplerRequest2) Proxy.newProxyInstance(GitopsRunApiTest.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getMethod")) {
                        return method;
                    }
                    if (m.getName().equals("getParameter")) {
                        return parameters.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException("the API does not read " + m.getName());
                });
    }

    /** The few response methods the API uses; any other call fails the test. */
    private static final class FakeResponse {
        final StringWriter body = new StringWriter();
        final Map<String, String> headers = new LinkedHashMap<>();
        String contentType;
        Integer error;

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(GitopsRunApiTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                        case "setContentType" -> {
                            contentType = (String) args[0];
                            yield null;
                        }
                        case "setHeader" -> {
                            headers.put((String) args[0], (String) args[1]);
                            yield null;
                        }
                        case "sendError" -> {
                            error = (Integer) args[0];
                            yield null;
                        }
                        case "setStatus" -> {
                            error = (Integer) args[0];
                            yield null;
                        }
                        case "getWriter" -> new PrintWriter(body);
                        default -> throw new UnsupportedOperationException("the API does not call " + m.getName());
                    });
        }
    }
}
