package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The same rules on Bitbucket Data Center (simulated, over a repository that C git serves at {@code /scm/OPS/shop}):
 * one pull request per change, found again by its source ref or through the 409 that carries it; no labels, refused
 * before anything is pushed; a merge check's veto named on timeout; auto-merge once approved; a conflict; a refused
 * token.
 */
public class BitbucketDcPullRequestTest {
    private static final String TOKEN = "bbdc-http-token-1";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PullRequestBench bench;
    private BitbucketDcSimulator bitbucket;

    @Before
    public void start() throws Exception {
        bench = new PullRequestBench(tmp.getRoot().toPath(), "scm/OPS/shop.git");
        bitbucket = new BitbucketDcSimulator("OPS", "shop", TOKEN, bench.bare);
    }

    @After
    public void stop() throws Exception {
        bitbucket.close();
        bench.close();
    }

    private PullRequestHost host(String token) {
        return PullRequestHosts.forRepository("", bench.gitUrl, bitbucket.apiUrl(), token, Duration.ofSeconds(10),
                bench.watch.httpClient());
    }

    private PullRequest land(String tag, List<String> labels, String autoMerge) {
        return bench.land(host(TOKEN), tag, labels, List.of("platform-lead"), false, autoMerge).pullRequest();
    }

    @Test
    public void onePullRequestPerChangeFoundByItsSourceRefOrTheConflictThatCarriesIt() throws Exception {
        PullRequest first = land("2", List.of(), null);
        var pr = bitbucket.pull(first.number());
        assertEquals("refs/heads/" + first.branch(), pr.path("fromRef").path("id").asText());
        assertEquals("platform-lead", pr.path("reviewers").path(0).path("user").path("name").asText());
        assertEquals(first.number(), land("2", List.of(), null).number());
        bitbucket.hideFromNextList();
        assertEquals("the 409 carries the existing one", first.number(), land("2", List.of(), null).number());
        assertEquals(1, bitbucket.count());

        int branches = bench.branches();
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> land("3", List.of("deploy"), null));
        assertEquals("Bitbucket Data Center has no pull-request labels; leave labels out", labels.getMessage());
        assertEquals("refused before anything is pushed", branches, bench.branches());
    }

    @Test
    public void aVetoIsNamedAndAutoMergeSquashesOnceApproved() throws Exception {
        bitbucket.requireApproval();
        PullRequest waiting = land("4", List.of(), null);
        MergeOutcome outcome = bench.awaitMerge(host(TOKEN), waiting, Duration.ofSeconds(3), () -> { });
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.TimedOut);
        assertTrue(((MergeOutcome.TimedOut) outcome).diagnosis(), ((MergeOutcome.TimedOut) outcome).diagnosis()
                .endsWith("it is open (blocked: a required review or check is missing); check 'Requires 1 approval'"
                        + " (a merge check) has not finished"));

        PullRequest auto = land("5", List.of(), "squash");
        assertEquals("open", auto.state());
        outcome = bench.awaitMerge(host(TOKEN), auto, Duration.ofSeconds(20), () -> bitbucket.approve(auto.number()));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(bench.main(), outcome.pullRequest().mergeCommit());
        assertEquals("squashed", 1, bench.parentsOfMain());
    }

    @Test
    public void aConflictFailsAndARefusedTokenIsNamedWithoutShowingIt() throws Exception {
        PullRequest pr = land("6", List.of(), null);
        bench.pushToMain("another tag", Map.of("values.yaml", "tag: 66\n"));
        MergeOutcome outcome = bench.awaitMerge(host(TOKEN), pr, Duration.ofSeconds(20), () -> { });
        assertEquals("pull request #" + pr.number() + " has a merge conflict with main; it cannot be merged as it is",
                ((MergeOutcome.Failed) outcome).reason());

        assertEquals("a user name and password go as Basic", pr.number(), PullRequestHosts.forRepository("", bench.gitUrl,
                bitbucket.apiUrl(), ApiToken.basic("jenkins-bot", TOKEN), Duration.ofSeconds(10), null).get(pr.number()).number());
        PullRequestException refused = assertThrows(PullRequestException.class, () -> host("wrong-token").get(pr.number()));
        assertEquals("Bitbucket Data Center at 127.0.0.1:" + URI.create(bitbucket.apiUrl()).getPort() + " (OPS/shop)"
                + " refused the token: 401 Authentication failed. Please check your credentials and try again.",
                refused.getMessage());
        assertFalse(refused.getMessage().contains("wrong-token"));
    }
}
