package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The same rules on Azure DevOps (simulated, over a repository that C git serves at {@code /fabrikam/shop/_git/config}):
 * one pull request per change (also through TF401179), labels, reviewers by identity ID (a name is refused before
 * anything is pushed), auto-complete with a squash once approved, a conflict from {@code mergeStatus}, a refused token.
 */
public class AzureDevOpsPullRequestTest {
    private static final String PAT = "azdo-pat-5e3";
    private static final String REVIEWER = "19d9411e-9a34-45bb-b985-d24d9d87c0c9";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PullRequestBench bench;
    private AzureDevOpsSimulator azure;

    @Before
    public void start() throws Exception {
        bench = new PullRequestBench(tmp.getRoot().toPath(), "fabrikam/shop/_git/config");
        azure = new AzureDevOpsSimulator("/git/fabrikam/shop/_apis/git/repositories/config", PAT, bench.bare);
    }

    @After
    public void stop() throws Exception {
        azure.close();
        bench.close();
    }

    private PullRequestHost host(String pat) {
        return PullRequestHosts.forRepository("", bench.gitUrl, azure.apiUrl(), pat, Duration.ofSeconds(10),
                bench.watch.httpClient());
    }

    private PullRequest land(String tag, List<String> reviewers, String autoMerge) {
        return bench.land(host(PAT), tag, List.of("deploy"), reviewers, false, autoMerge).pullRequest();
    }

    @Test
    public void onePullRequestPerChangeWithLabelsAndReviewersByIdentity() throws Exception {
        PullRequest first = land("2", List.of(REVIEWER), null);
        var pr = azure.pullRequest(first.number());
        assertEquals("refs/heads/" + first.branch(), pr.path("sourceRefName").asText());
        assertEquals("deploy", pr.path("labels").path(0).path("name").asText());
        assertEquals(REVIEWER, pr.path("reviewers").path(0).path("id").asText());
        assertEquals(first.number(), land("2", List.of(REVIEWER), null).number());
        assertEquals(1, azure.count());

        int branches = bench.branches();
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> land("3", List.of("platform-lead"), null));
        assertEquals("Azure DevOps takes reviewers by identity ID (a GUID), not 'platform-lead'", byName.getMessage());
        assertEquals(branches, bench.branches());
    }

    @Test
    public void autoCompleteSquashesOnceApprovedAndAConflictFails() throws Exception {
        azure.requireApproval();
        PullRequest auto = land("4", List.of(), "squash");
        assertEquals("open", auto.state());
        MergeOutcome outcome = bench.awaitMerge(host(PAT), auto, Duration.ofSeconds(20), () -> azure.approve(auto.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(bench.main(), outcome.pullRequest().mergeCommit());
        assertEquals("squashed", 1, bench.parentsOfMain());

        PullRequest conflicting = land("5", List.of(), null);
        bench.pushToMain("another tag", Map.of("values.yaml", "tag: 55\n"));
        outcome = bench.awaitMerge(host(PAT), conflicting, Duration.ofSeconds(20), () -> { });
        assertEquals("pull request #" + conflicting.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeOutcome.Failed) outcome).reason());
    }

    @Test
    public void aRefusedTokenIsNamedWithoutShowingIt() {
        PullRequestException refused = assertThrows(PullRequestException.class, () -> host("wrong-pat").get(22));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("Azure DevOps at 127.0.0.1:"));
        assertTrue(refused.getMessage(), refused.getMessage().endsWith("refused the token: 401"));
        assertFalse(refused.getMessage().contains("wrong-pat"));
    }
}
