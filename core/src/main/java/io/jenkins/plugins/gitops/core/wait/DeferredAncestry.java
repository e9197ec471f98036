package io.jenkins.plugins.gitops.core.wait;

import io.jenkins.plugins.gitops.core.wait.http.RequestLanes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps git work (a fetch can take seconds) off the threads that judge, fire deadlines and carry HTTP. A question the
 * wrapped {@link Ancestry} has not answered yet goes to the git lane and judging stops with {@link Pending}; when the
 * answer is in, the wait judges its latest snapshot again. A slow fetch thus delays ancestry answers only (of every
 * repository: the lane runs one question at a time), never a deadline or a judgement that needs no new answer. The
 * same commit, and no commit, are answered at once.
 */
public final class DeferredAncestry implements Ancestry, AutoCloseable {

    /** Judging cannot go on until {@link #answered()} completes (normally, also when the answer is an error). */
    public static final class Pending extends RuntimeException {
        private final transient CompletableFuture<?> answered;

        Pending(CompletableFuture<?> answered) {
            super("an ancestry answer is being worked out", null, false, false);
            this.answered = answered;
        }

        public CompletableFuture<?> answered() {
            return answered;
        }
    }

    private record Answer(Relation relation, RuntimeException error, Instant at) {
    }

    private final Ancestry ancestry;
    private final RequestLanes lanes;
    private final String lane;
    private final Clock clock;
    private final Duration askUnknownAgainAfter;
    private final Map<String, Answer> answers = new HashMap<>();
    private final Map<String, CompletableFuture<?>> asking = new HashMap<>();
    private volatile boolean closed;

    /**
     * @param lane the lane for git work, which runs one question at a time
     * @param askUnknownAgainAfter how long an {@link Relation#UNKNOWN} answer stands before the repository is asked
     *     (and fetched) again
     */
    public DeferredAncestry(Ancestry ancestry, RequestLanes lanes, String lane, Clock clock, Duration askUnknownAgainAfter) {
        this.ancestry = ancestry;
        this.lanes = lanes;
        this.lane = lane;
        this.clock = clock;
        this.askUnknownAgainAfter = askUnknownAgainAfter;
    }

    /**
     * The answer when it needs no repository (the same commit, or no commit) or is known; otherwise starts working it
     * out and throws {@link Pending}.
     */
    @Override
    public synchronized Relation relation(String ourCommit, String appliedCommit) {
        Relation obvious = Ancestry.withoutRepository(ourCommit, appliedCommit);
        if (obvious != null) {
            return obvious;
        }
        String key = ourCommit + " " + appliedCommit;
        Answer answer = answers.get(key);
        if (answer != null && !isStale(answer)) {
            if (answer.error() != null) {
                throw answer.error();
            }
            return answer.relation();
        }
        CompletableFuture<?> inFlight = asking.get(key);
        if (inFlight == null) {
            inFlight = lanes.submit(lane, 1,
                    queued -> closed ? Relation.UNKNOWN : ancestry.relation(ourCommit, appliedCommit))
                    .handle((relation, error) -> remember(key, relation, error));
            if (inFlight.isDone()) {
                return relation(ourCommit, appliedCommit);
            }
            asking.put(key, inFlight);
        }
        throw new Pending(inFlight);
    }

    /** Not answered here, because it always fetches: use {@link #branchContainsLater(String)}. */
    @Override
    public boolean branchContains(String commit) {
        throw new UnsupportedOperationException("branchContains fetches; call branchContainsLater");
    }

    /** Whether the branch still contains {@code commit}, asked in the git lane. */
    public CompletableFuture<Boolean> branchContainsLater(String commit) {
        return lanes.submit(lane, 1, queued -> closed || ancestry.branchContains(commit));
    }

    /** The wait has ended: questions still queued are dropped instead of asked (and fetched for). */
    @Override
    public void close() {
        closed = true;
    }

    private synchronized Relation remember(String key, Relation relation, Throwable error) {
        RuntimeException failure = error == null ? null
                : error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error.toString(), error);
        answers.put(key, new Answer(relation, failure, clock.instant()));
        asking.remove(key);
        return relation;
    }

    private boolean isStale(Answer answer) {
        return answer.error() == null && answer.relation() == Relation.UNKNOWN
                && !clock.instant().isBefore(answer.at().plus(askUnknownAgainAfter));
    }
}
