package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JGitAncestryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void relationsAndFetchingOnlyWhenACommitIsUnknown() throws Exception {
        try (ConfigRepo repo = new ConfigRepo(tmp.newFolder("up.git"))) {
            String base = repo.commit("base");
            String ours = repo.commit("ours");
            JGitAncestry ancestry = repo.ancestry(tmp.newFolder("clone.git"));
            String newer = repo.commit("newer");
            String sideline = repo.commitOn(base, "sideline", false);

            assertEquals(Ancestry.Relation.SAME, ancestry.relation(ours, ours));
            assertEquals(Ancestry.Relation.SAME, ancestry.relation(ours, ours.substring(0, 12)));
            assertEquals(Ancestry.Relation.NOT_DESCENDANT, ancestry.relation(ours, base));
            assertEquals(0, repo.fetches());
            assertEquals(Ancestry.Relation.DESCENDANT, ancestry.relation(ours, newer));
            assertEquals(1, repo.fetches());
            assertEquals(Ancestry.Relation.DESCENDANT, ancestry.relation(ours, newer.substring(0, 12)));
            assertEquals(Ancestry.Relation.UNKNOWN, ancestry.relation(ours, sideline));
            assertEquals(Ancestry.Relation.UNKNOWN, ancestry.relation(ours, "0000000000000000000000000000000000000000"));
            assertEquals(Ancestry.Relation.UNKNOWN, ancestry.relation(ours, "not-a-commit"));
        }
    }

    @Test
    public void branchContainsFollowsResets() throws Exception {
        try (ConfigRepo repo = new ConfigRepo(tmp.newFolder("up.git"))) {
            String base = repo.commit("base");
            String ours = repo.commit("ours");
            JGitAncestry ancestry = repo.ancestry(tmp.newFolder("clone.git"));
            assertTrue(ancestry.branchContains(ours));
            repo.resetTo(base);
            assertFalse(ancestry.branchContains(ours));
        }
    }
}
