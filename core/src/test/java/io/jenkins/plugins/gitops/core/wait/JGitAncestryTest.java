package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
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
    public void callersQueuedBehindAFetchShareTheNextOne() throws Exception {
        File upstream = tmp.newFolder("up.git");
        try (ConfigRepo repo = new ConfigRepo(upstream);
                Repository repository = new FileRepositoryBuilder().setGitDir(upstream).setMustExist(true).build()) {
            String ours = repo.commit("ours");
            CountDownLatch firstFetchRunning = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger fetches = new AtomicInteger();
            JGitAncestry ancestry = new JGitAncestry(repository, "refs/heads/main", r -> {
                if (fetches.incrementAndGet() == 1) {
                    firstFetchRunning.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            });
            List<Thread> callers = new ArrayList<>();
            callers.add(new Thread(() -> ancestry.branchContains(ours)));
            callers.get(0).start();
            assertTrue(firstFetchRunning.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                Thread queued = new Thread(() -> ancestry.branchContains(ours));
                queued.start();
                callers.add(queued);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (callers.stream().skip(1).anyMatch(t -> t.getState() != Thread.State.BLOCKED)
                    && System.nanoTime() < deadline) {
                Thread.yield();
            }
            release.countDown();
            for (Thread caller : callers) {
                caller.join(10_000);
            }

            assertEquals("the first fetch, then one for all who asked while it ran", 2, fetches.get());
            assertEquals(true, ancestry.branchContains(ours));
            assertEquals("a later question fetches again", 3, fetches.get());
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
