package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * A push that lands only if the branch is still at the tip we built on (a compare-and-swap), and that tells a lost
 * race from a refusal by asking the remote where the branch is, never by the server's wording: servers word a lost
 * race differently (C git's receive-pack says "failed to update ref", JGit's "lock error", hosts their own), and word a
 * hook's or a protection rule's refusal in ways that look alike.
 *
 * <p>After a rejection: the branch moved, so the push lost a race and may be re-applied on the new tip; or the branch
 * holds our commit (the acknowledgement was lost); or the branch did not move, three times over some 650 ms (another
 * push may hold the ref's lock for an instant, and moves it when it lets go), so the server refused for a reason of
 * its own.
 */
final class LeasePush {
    /**
     * How long to let another push that holds the ref's lock (or our own, still running its hooks) finish before a
     * still tip is read as a refusal: the branch is looked at once at once and then after each of these pauses.
     */
    static final List<Duration> SETTLE = List.of(Duration.ofMillis(150), Duration.ofMillis(500));

    /** How long the look at the branch may take when the deadline cut a push's answer. */
    static final Duration LOOK_AFTER_DEADLINE = Duration.ofSeconds(10);

    private final Connection connection;
    private final Sleeper sleeper;

    LeasePush(Connection connection, Sleeper sleeper) {
        this.connection = connection;
        this.sleeper = sleeper;
    }

    /**
     * @return null when the push landed, or why it lost a race (the server's words, for the log)
     * @throws GitopsException when the server refused the push with the branch unmoved, or could not be reached
     */
    String push(Repository repo, String branch, ObjectId commit, ObjectId expectedTip) {
        return push(repo, branch, commit, expectedTip, false);
    }

    /**
     * As {@link #push(Repository, String, ObjectId, ObjectId)}; with {@code replace}, {@code commit} need not descend
     * from {@code expectedTip} (a branch of ours made again on a moved base): the lease still holds, the push lands
     * only if the branch is at {@code expectedTip}.
     */
    String push(Repository repo, String branch, ObjectId commit, ObjectId expectedTip, boolean replace) {
        String ref = Constants.R_HEADS + branch;
        String why;
        try (Transport transport = Transport.open(repo, connection.uri)) {
            connection.configure(transport);
            RemoteRefUpdate update = new RemoteRefUpdate(repo, commit.name(), commit, ref, replace, null, expectedTip);
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate done = result.getRemoteUpdate(ref);
            RemoteRefUpdate.Status status = done.getStatus();
            if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                return null;
            }
            String message = done.getMessage() == null ? "" : connection.clean(done.getMessage());
            why = status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + (message.isEmpty() ? "" : ": " + message)
                    + serverSaid(result.getMessages());
        } catch (IOException e) {
            String failure = connection.describe(e);
            if (connection.deadlinePassed()) {
                // The pack may have landed before the deadline cut the answer: one short look says.
                connection.endBy(System.nanoTime() + LOOK_AFTER_DEADLINE.toNanos());
            }
            if (settledTip(() -> tipOrNull(ref), commit::equals) != null) {
                return null;
            }
            throw new GitopsException("Push to " + connection.shownUrl + " " + branch + " failed: " + failure, e);
        }
        return judge(ref, branch, commit, expectedTip, why);
    }

    /** The server refused the push for a reason of its own (a hook, a protection), not because another came first. */
    static final class Refused extends GitopsException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private String judge(String ref, String branch, ObjectId commit, ObjectId expectedTip, String why) {
        ObjectId now = settledTip(() -> tip(ref), tip -> commit.equals(tip) || !expectedTip.equals(tip));
        if (now != null) {
            return commit.equals(now) ? null : why;
        }
        String still = expectedTip.equals(ObjectId.zeroId()) ? "the branch still does not exist"
                : "the branch is still at " + expectedTip.name().substring(0, 12);
        throw new Refused("Push to " + connection.shownUrl + " " + branch + " was refused by the server ("
                + why + "); " + still + ", so no other push came first");
    }

    /** What the server printed during the push (a hook's output), as {@code ; remote: …} lines. */
    private String serverSaid(String messages) {
        if (messages == null || messages.isBlank()) {
            return "";
        }
        StringBuilder said = new StringBuilder();
        messages.lines().map(String::strip).filter(line -> !line.isEmpty()).limit(10)
                .forEach(line -> said.append("; remote: ").append(connection.mask(line)));
        return said.toString();
    }

    private ObjectId tip(String ref) {
        Ref found = RemoteRefs.advertised(connection).get(ref);
        return found == null ? ObjectId.zeroId() : found.getObjectId();
    }

    private ObjectId tipOrNull(String ref) {
        try {
            return tip(ref);
        } catch (GitopsException unreachable) {
            return null;
        }
    }

    /** The branch's tip once {@code decided} holds for it, looking now and after each settle pause; else null. */
    private ObjectId settledTip(Supplier<ObjectId> look, Predicate<ObjectId> decided) {
        for (int i = 0; i <= SETTLE.size(); i++) {
            if (i > 0) {
                pause(SETTLE.get(i - 1));
            }
            ObjectId now = look.get();
            if (now != null && decided.test(now)) {
                return now;
            }
        }
        return null;
    }

    private void pause(Duration settle) {
        try {
            sleeper.sleep(settle);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitopsException("Interrupted while checking the branch after a rejected push");
        }
    }
}
