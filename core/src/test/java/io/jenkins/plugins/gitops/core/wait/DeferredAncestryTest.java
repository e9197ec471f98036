package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.gitops.core.wait.Ancestry.Relation;
import io.jenkins.plugins.gitops.core.wait.http.RequestLanes;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Test;

public class DeferredAncestryTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final RequestLanes lanes = new RequestLanes(pool, 1);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @After
    public void tearDown() {
        lanes.close();
        pool.shutdownNow();
    }

    @Test
    public void aQuestionIsAnsweredInTheBackgroundAndThenFromMemory() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        DeferredAncestry ancestry = deferred("repo", (ours, applied) -> {
            asked.incrementAndGet();
            return Relation.DESCENDANT;
        });

        assertEquals(Relation.DESCENDANT, answerOf(ancestry, "a", "b"));
        assertEquals(Relation.DESCENDANT, ancestry.relation("a", "b"));
        assertEquals(1, asked.get());
    }

    @Test
    public void theSameCommitAndNoCommitNeedNoRepository() {
        DeferredAncestry ancestry = deferred("repo", (ours, applied) -> {
            throw new AssertionError("asked the repository about " + applied);
        });

        assertEquals(Relation.SAME, ancestry.relation("5f0c2a9e1b7d4c3a", "5F0C2A9E1B7D"));
        assertEquals(Relation.UNKNOWN, ancestry.relation("5f0c2a9e1b7d4c3a", ""));
        assertEquals(Relation.UNKNOWN, ancestry.relation("5f0c2a9e1b7d4c3a", null));
    }

    @Test
    public void anUnknownCommitIsLookedUpAgainOnlyAfterTheRecheckInterval() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<Relation> repository = new AtomicReference<>(Relation.UNKNOWN);
        DeferredAncestry ancestry = deferred("repo", (ours, applied) -> {
            asked.incrementAndGet();
            return repository.get();
        });

        assertEquals(Relation.UNKNOWN, answerOf(ancestry, "a", "b"));
        repository.set(Relation.DESCENDANT);
        assertEquals("judging again does not fetch again", Relation.UNKNOWN, ancestry.relation("a", "b"));
        now.set(now.get().plusSeconds(60));

        assertEquals(Relation.DESCENDANT, answerOf(ancestry, "a", "b"));
        assertEquals(2, asked.get());
    }

    @Test
    public void aRepositoryErrorReachesTheJudge() throws Exception {
        DeferredAncestry ancestry = deferred("repo", (ours, applied) -> {
            throw new UncheckedIOException(new java.io.IOException("fetch refused: 403"));
        });

        try {
            answerOf(ancestry, "a", "b");
            fail("expected the repository's error");
        } catch (java.util.concurrent.ExecutionException e) {
            fail("the answer's future completes normally; the error is the answer: " + e);
        } catch (UncheckedIOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("fetch refused: 403"));
        }
    }

    @Test
    public void theBranchCheckRunsInTheLane() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Ancestry repository = new Ancestry() {
            @Override
            public Relation relation(String ours, String applied) {
                return Relation.UNKNOWN;
            }

            @Override
            public boolean branchContains(String commit) {
                ranOn.set(Thread.currentThread());
                return false;
            }
        };

        assertFalse(deferred("repo", repository).branchContainsLater("a").get(10, TimeUnit.SECONDS));
        assertTrue(ranOn.get() != Thread.currentThread());
    }

    @Test
    public void afterShutdownQuestionsFailInsteadOfHanging() {
        lanes.close();
        DeferredAncestry ancestry = deferred("repo", (ours, applied) -> Relation.SAME);
        try {
            ancestry.relation("a", "b");
            fail("expected a failure");
        } catch (DeferredAncestry.Pending e) {
            fail("a closed engine must not leave the judge waiting");
        } catch (RuntimeException e) {
            assertSame(java.util.concurrent.RejectedExecutionException.class, e.getClass());
        }
    }

    private DeferredAncestry deferred(String lane, Ancestry repository) {
        return new DeferredAncestry(repository, lanes, lane, clock, Duration.ofSeconds(60));
    }

    /** The answer, which may come at once when the lane thread is quicker than the caller. */
    private static Relation answerOf(DeferredAncestry ancestry, String ours, String applied) throws Exception {
        try {
            return ancestry.relation(ours, applied);
        } catch (DeferredAncestry.Pending pending) {
            pending.answered().get(10, TimeUnit.SECONDS);
            return ancestry.relation(ours, applied);
        }
    }
}
