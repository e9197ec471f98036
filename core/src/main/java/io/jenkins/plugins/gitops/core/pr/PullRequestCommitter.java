package io.jenkins.plugins.gitops.core.pr;

import io.jenkins.plugins.gitops.core.git.CommitRequest;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.core.git.GitopsCommitter;
import io.jenkins.plugins.gitops.core.git.TransactionListener;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Lands a change through a pull request: the change is committed, with the same engine, to a branch of ours named
 * after it (created from the base branch's tip), and the pull request from that branch is opened, or found and brought
 * up to date when an earlier run of the same change opened it. However often a build is retried, one change is one
 * branch, one commit and one pull request.
 */
public final class PullRequestCommitter {
    private final GitopsCommitter committer;

    public PullRequestCommitter(GitopsCommitter committer) {
        this.committer = committer;
    }

    /** What happened: the commit on our branch, and the pull request (null in a dry run, or when nothing changes). */
    public record Result(CommitResult commit, String base, PullRequest pullRequest) {}

    public Result commit(CommitRequest given, PullRequestSpec spec, PullRequestHost host, TransactionListener log) {
        CommitRequest request = keyed(given);
        String base = spec.base() != null ? spec.base() : request.branch();
        if (base == null) {
            throw new IllegalArgumentException("pull request: name the branch it merges into (the branch, or base)");
        }
        host.check(spec);
        String branch = branchFor(request);
        java.util.Optional<PullRequest> existing = request.dryRun() ? java.util.Optional.empty() : host.find(branch, base);
        if (existing.isPresent() && existing.get().state().equals("closed")) {
            PullRequest closed = existing.get();
            throw new PullRequestException("Pull request #" + closed.number() + " from " + branch + " was closed without"
                    + " merging (" + closed.url() + "): the change did not land; reopen it, or run the change with a"
                    + " new change ID");
        }
        if (existing.isPresent() && !existing.get().state().equals("open")) {
            PullRequest done = existing.get();
            log.info("Pull request #" + done.number() + " from " + branch + " is already " + done.state()
                    + (done.mergeCommit() == null ? "" : " as " + done.mergeCommit()) + ": " + done.url()
                    + "; nothing is committed again");
            String commit = done.mergeCommit() != null ? done.mergeCommit() : done.headSha();
            return new Result(new CommitResult(commit, done.state().equals("merged"), request.url(), branch,
                    java.util.List.of(), 0, "", false, true, java.util.List.of()), base, done);
        }
        log.info("Committing to " + branch + " for a pull request into " + base);
        CommitResult commit = committer.commit(onBranch(request, branch, base), log);
        if (request.dryRun()) {
            log.info("Dry run: would open a pull request from " + branch + " into " + base + ", titled \"" + spec.title()
                    + "\"");
            return new Result(commit, base, null);
        }
        if (!commit.changed()) {
            log.info(base + " already has these values: no pull request is needed");
            return new Result(commit, base, null);
        }
        String body = body(spec, request, commit);
        PullRequest pr = existing.map(found -> {
            log.info("Pull request #" + found.number() + " from " + branch + " is open: " + found.url());
            return commit.created() ? host.update(found, spec, body) : found;
        }).orElseGet(() -> {
            PullRequest opened = host.open(branch, base, spec, body);
            log.info((opened.created() ? "Opened" : "Found") + " pull request #" + opened.number() + " into " + base
                    + ": " + opened.url());
            return opened;
        });
        if (pr.state().equals("open")) {
            host.addLabels(pr, spec.labels());
            host.requestReviewers(pr, spec.reviewers());
            if (spec.autoMerge() != null) {
                log.info("Pull request #" + pr.number() + ": " + host.enableAutoMerge(pr, spec.autoMerge()));
                boolean created = pr.created();
                PullRequest now = host.get(pr.number());
                pr = new PullRequest(now.number(), now.url(), now.state(), now.branch(), now.base(), now.headSha(),
                        now.mergeCommit(), created, now.mergeable(), now.mergeState());
            }
        }
        return new Result(commit, base, pr);
    }

    /**
     * {@code gitops/} and the change's idempotency key made fit for a ref name, with a hash that keeps two keys that
     * clean up alike apart: stable across retries and resumed builds of the same change.
     */
    static String branchFor(CommitRequest request) {
        String key = request.idempotencyKey();
        if (key == null || key.isBlank()) key = derivedKey(request);
        String readable = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("-+", "-")
                .replaceAll("^[-.]+|[-.]+$", "").replaceAll("\\.\\.+", ".");
        if (readable.length() > 60) readable = readable.substring(0, 60).replaceAll("[-.]+$", "");
        return "gitops/" + (readable.isEmpty() ? "change" : readable) + "-" + hash(key);
    }

    private static String derivedKey(CommitRequest request) {
        StringBuilder what = new StringBuilder(request.url()).append('\n').append(request.branch());
        request.changes().forEach(c -> what.append('\n').append(c.describe()));
        return what.toString();
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CommitRequest onBranch(CommitRequest r, String branch, String base) {
        return new CommitRequest(r.url(), branch, r.message(), r.changes(), r.author(), r.committer(), r.build(),
                r.source(), r.idempotencyKey(), r.skipCi(), r.dryRun(), r.maxAttempts(), r.maxDuration(), r.credentials(),
                r.transport(), r.owner(), base, true, r.signer());
    }

    /**
     * The request with an idempotency key: a branch of our own is recognised by the key's trailer, so a request
     * without one gets the key its branch is named after (the repository, the base and the changes).
     */
    static CommitRequest keyed(CommitRequest r) {
        if (r.idempotencyKey() != null && !r.idempotencyKey().isBlank()) return r;
        String key = "gitops-" + hash(derivedKey(r));
        return new CommitRequest(r.url(), r.branch(), r.message(), r.changes(), r.author(), r.committer(), r.build(),
                r.source(), key, r.skipCi(), r.dryRun(), r.maxAttempts(), r.maxDuration(), r.credentials(),
                r.transport(), r.owner(), r.startFrom(), r.ownBranch(), r.signer());
    }

    private static String body(PullRequestSpec spec, CommitRequest request, CommitResult commit) {
        StringBuilder body = new StringBuilder(spec.body());
        if (body.length() > 0) body.append("\n\n");
        body.append("Changed by GitOps Bridge");
        if (request.build() != null && request.build().url() != null) body.append(" in ").append(request.build().url());
        body.append(".\n\nCommit ").append(commit.commit()).append(", files:\n");
        commit.files().forEach(f -> body.append("- `").append(f).append("`\n"));
        if (request.idempotencyKey() != null) body.append("\nGitops-Change-Id: ").append(request.idempotencyKey()).append('\n');
        return body.toString();
    }
}
