package io.jenkins.plugins.gitops.core.wait.argocd;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import org.junit.Test;

public class ArgoJudgeTest {

    private static final ConfigCommit OURS = new ConfigCommit("https://git.example.com/platform/shop-config.git", "main",
            "main", Fixtures.EXPECTED);

    private final ArgoJudge judge = new ArgoJudge(OURS, new StubAncestryForArgo(), true);

    private static ArgoVerdict judge(ArgoJudge judge, String fixture) {
        return judge.judge(new ArgoApplication(Fixtures.load("argocd/" + fixture)));
    }

    @Test
    public void syncedHealthyWithReconcileAfterTheOperationIsDone() {
        ArgoVerdict verdict = judge(judge, "app-synced-healthy.json");
        assertThat(verdict, instanceOf(ArgoVerdict.Done.class));
        assertEquals(Fixtures.EXPECTED, ((ArgoVerdict.Done) verdict).outcome().appliedRevision());
        assertFalse(((ArgoVerdict.Done) verdict).outcome().superseded());
    }

    @Test
    public void outOfSyncManualApplicationNeedsASyncToOurCommit() {
        ArgoVerdict verdict = judge(judge, "app-outofsync.json");
        assertThat(verdict, instanceOf(ArgoVerdict.NeedsSync.class));
        assertEquals(Fixtures.EXPECTED, ((ArgoVerdict.NeedsSync) verdict).revision());

        ArgoVerdict withoutSync = judge(new ArgoJudge(OURS, new StubAncestryForArgo(), false), "app-outofsync.json");
        assertThat(((ArgoVerdict.Waiting) withoutSync).state(), containsString("manual-sync application"));
    }

    @Test
    public void runningOperationIsWaitedFor() {
        ArgoVerdict verdict = judge(judge, "app-sync-running.json");
        assertThat(((ArgoVerdict.Waiting) verdict).state(), containsString("operation Running for fa7698a487b5"));
    }

    @Test
    public void progressingHealthIsWaitedFor() {
        ArgoVerdict verdict = judge(judge, "app-progressing.json");
        assertThat(((ArgoVerdict.Waiting) verdict).state(), containsString("health Progressing"));
    }

    @Test
    public void degradedNamesTheResource() {
        ArgoVerdict.Degraded verdict = (ArgoVerdict.Degraded) judge(judge, "app-degraded.json");
        assertEquals("apps/Deployment shop/web Degraded: Deployment \"web\" exceeded its progress deadline",
                verdict.unhealthy().get(0));
        assertThat(verdict.reason(), containsString("Caused by apps/Deployment:shop/web"));
    }

    @Test
    public void failedSyncQuotesMessageAndFailedResources() {
        ArgoVerdict.Broken verdict = (ArgoVerdict.Broken) judge(judge, "app-sync-failed.json");
        assertThat(verdict.reason(), containsString("sync to fa7698a487b5 Failed: one or more objects failed to apply"));
        assertThat(verdict.reason(), containsString("(retried 3 times)"));
        assertThat(verdict.reason(), containsString("failed resources: apps/Deployment shop/web: Deployment.apps"));
    }

    @Test
    public void multiSourceUsesTheRevisionOfOurRepository() {
        ArgoVerdict verdict = judge(judge, "app-multisource.json");
        assertEquals(Fixtures.EXPECTED, ((ArgoVerdict.Done) verdict).outcome().appliedRevision());
    }

    @Test
    public void targetRevisionComparisonKnowsHeadAndRefsHeads() {
        assertNull(judge.trackingProblem("main"));
        assertNull(judge.trackingProblem("refs/heads/main"));
        assertNull(judge.trackingProblem("HEAD"));
        assertNull(judge.trackingProblem(""));
        assertThat(judge.trackingProblem("v1.2.3"), containsString("tracks targetRevision v1.2.3"));
        assertThat(judge.trackingProblem(Fixtures.PREVIOUS), containsString("pinned to commit"));
        ArgoJudge onRelease = new ArgoJudge(new ConfigCommit(OURS.repositoryUrl(), "release", "main", OURS.sha()),
                new StubAncestryForArgo(), true);
        assertThat(onRelease.trackingProblem("HEAD"), containsString("follows the default branch main, not release"));
    }

    /** Same as the package-level stub; repeated to keep this test in the production package. */
    static final class StubAncestryForArgo implements io.jenkins.plugins.gitops.core.wait.Ancestry {
        @Override
        public Relation relation(String ours, String applied) {
            if (applied == null || !applied.matches("[0-9a-f]{40}")) {
                return Relation.UNKNOWN;
            }
            if (ours.equals(applied)) {
                return Relation.SAME;
            }
            return ours.equals(Fixtures.PREVIOUS) && applied.equals(Fixtures.EXPECTED) ? Relation.DESCENDANT
                    : Relation.NOT_DESCENDANT;
        }
    }
}
