package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The same rules on Bitbucket Cloud (simulated, over a repository that C git serves): one pull request per change,
 * found by the branch query or after the create is refused; labels, auto-merge and reviewers by name refused before
 * anything is pushed; a squash merge ends the wait with the (abbreviated) hash Bitbucket shows; a decline fails it.
 */
public class BitbucketCloudPullRequestTest {
    private static final String TOKEN = "bbc-access-token";
    private static final String REVIEWER = "{d301aafa-d676-4ee0-88be-962be7417567}";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PullRequestBench bench;
    private BitbucketCloudSimulator bitbucket;

    @Before
    public void start() throws Exception {
        bench = new PullRequestBench(tmp.getRoot().toPath(), "acme/deploy.git");
        bitbucket = new BitbucketCloudSimulator("acme", "deploy", TOKEN, bench.bare);
    }

    @After
    public void stop() throws Exception {
        bitbucket.close();
        bench.close();
    }

    private PullRequestHost host() {
        return PullRequestHosts.forRepository("bitbucket-cloud", bench.gitUrl, bitbucket.apiUrl(), TOKEN,
                Duration.ofSeconds(10), bench.watch.httpClient());
    }

    private PullRequest land(String tag, List<String> labels, List<String> reviewers, String autoMerge) {
        return bench.land(host(), tag, labels, reviewers, false, autoMerge).pullRequest();
    }

    @Test
    public void onePullRequestPerChangeAndWhatBitbucketCannotDoIsRefusedFirst() throws Exception {
        PullRequest first = land("2", List.of(), List.of(REVIEWER), null);
        assertEquals(REVIEWER, bitbucket.pull(first.number()).path("reviewers").path(0).path("uuid").asText());
        assertEquals(first.number(), land("2", List.of(), List.of(REVIEWER), null).number());
        bitbucket.hideFromNextQuery();
        assertEquals("found after the create is refused", first.number(), land("2", List.of(), List.of(), null).number());
        assertEquals(1, bitbucket.count());

        int branches = bench.branches();
        assertEquals("Bitbucket Cloud has no pull-request labels; leave labels out", assertThrows(
                IllegalArgumentException.class, () -> land("3", List.of("deploy"), List.of(), null)).getMessage());
        assertEquals("Bitbucket Cloud has no auto-merge; leave autoMerge out and merge it there", assertThrows(
                IllegalArgumentException.class, () -> land("3", List.of(), List.of(), "squash")).getMessage());
        assertEquals("Bitbucket Cloud takes reviewers by account UUID ({…}), not 'platform-lead'", assertThrows(
                IllegalArgumentException.class, () -> land("3", List.of(), List.of("platform-lead"), null)).getMessage());
        assertEquals(branches, bench.branches());
    }

    @Test
    public void aSquashMergeEndsTheWaitAndADeclineFailsIt() throws Exception {
        PullRequest pr = land("4", List.of(), List.of(), null);
        String[] merged = new String[1];
        MergeOutcome outcome = bench.awaitMerge(host(), pr, Duration.ofSeconds(20),
                () -> merged[0] = bitbucket.merge(pr.number(), "squash"));
        assertTrue(outcome.toString(), outcome instanceof MergeOutcome.Merged);
        assertEquals(bench.main(), merged[0]);
        assertTrue("as Bitbucket shows it, abbreviated", merged[0].startsWith(outcome.pullRequest().mergeCommit()));

        PullRequest declined = land("5", List.of(), List.of(), null);
        outcome = bench.awaitMerge(host(), declined, Duration.ofSeconds(20), () -> bitbucket.decline(declined.number()));
        assertEquals("pull request #" + declined.number() + " was closed without merging",
                ((MergeOutcome.Failed) outcome).reason());
    }
}
