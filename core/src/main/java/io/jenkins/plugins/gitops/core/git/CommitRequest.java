package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.change.Change;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one gitops commit needs: where, what, who and how hard to try. Build it with {@link #builder(String)}.
 *
 * @param url            repository URL (https, http or ssh; user-info is stripped and never stored)
 * @param branch         target branch; null for the remote's default branch
 * @param message        commit message written by the caller; trailers are appended
 * @param changes        declarative changes, applied in order
 * @param author         commit author
 * @param committer      commit committer; null for the author
 * @param build          the CI build, for the {@code Jenkins-*} trailers; may be null
 * @param source         the application commit, for the {@code Argocd-reference-commit-*} trailers; may be null
 * @param idempotencyKey written as {@code Gitops-Change-Id}; a repeat with the same key finds the earlier commit
 *                       instead of committing again; may be null
 * @param skipCi         append {@code [skip ci]} to the subject
 * @param dryRun         apply and show the diff, but neither commit nor push
 * @param maxAttempts    push attempts before giving up when the branch keeps moving
 * @param maxDuration    overall time limit, queueing included
 * @param credentials    how to authenticate
 * @param transport      connection settings that are not secrets
 * @param owner          who is pushing, for "queued behind" lines, such as {@code shop-deploy #42}
 * @param startFrom      when {@code branch} does not exist yet, the branch it is created from; null for the remote's
 *                       default branch. In an empty repository the first commit has no parent.
 * @param ownBranch      {@code branch} belongs to this change alone (a pull request's): it is kept at {@code startFrom}'s
 *                       tip plus this one commit, made again on the new tip and moved there with a lease when
 *                       {@code startFrom} moved, and never overwritten when its tip is someone else's commit
 * @param signer         signs every commit the request makes, each time it is made; null for unsigned commits
 */
public record CommitRequest(String url, String branch, String message, List<Change> changes, Identity author,
        Identity committer, BuildInfo build, SourceCommit source, String idempotencyKey, boolean skipCi, boolean dryRun,
        int maxAttempts, Duration maxDuration, Credentials credentials, TransportOptions transport, String owner,
        String startFrom, boolean ownBranch, io.jenkins.plugins.gitops.core.sign.CommitSigner signer) {

    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(2);
    public static final Identity DEFAULT_AUTHOR = new Identity("GitOps Bridge", "gitops-bridge@noreply.invalid");

    public CommitRequest {
        Objects.requireNonNull(url, "url");
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
        message = message == null || message.isBlank() ? "Update " + changes.size() + " manifest change(s)" : message;
        author = author == null ? DEFAULT_AUTHOR : author;
        committer = committer == null ? author : committer;
        maxAttempts = maxAttempts <= 0 ? DEFAULT_MAX_ATTEMPTS : maxAttempts;
        maxDuration = maxDuration == null || maxDuration.isZero() || maxDuration.isNegative() ? DEFAULT_MAX_DURATION : maxDuration;
        credentials = credentials == null ? Credentials.NONE : credentials;
        transport = transport == null ? TransportOptions.DEFAULT : transport;
        owner = owner == null || owner.isBlank() ? "another push" : owner;
        startFrom = startFrom == null || startFrom.isBlank() ? null : startFrom.trim();
    }

    /** The same request with these changes instead (a checkout's edits, read as changes). */
    public CommitRequest withChanges(List<Change> changes) {
        return new CommitRequest(url, branch, message, changes, author, committer, build, source, idempotencyKey, skipCi,
                dryRun, maxAttempts, maxDuration, credentials, transport, owner, startFrom, ownBranch, signer);
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** Fluent construction; unset values get the defaults above. */
    public static final class Builder {
        private final String url;
        private String branch;
        private String startFrom;
        private String message;
        private List<Change> changes = List.of();
        private Identity author;
        private Identity committer;
        private BuildInfo build;
        private SourceCommit source;
        private String idempotencyKey;
        private boolean skipCi;
        private boolean dryRun;
        private int maxAttempts;
        private Duration maxDuration;
        private Credentials credentials;
        private TransportOptions transport;
        private String owner;
        private boolean ownBranch;
        private io.jenkins.plugins.gitops.core.sign.CommitSigner signer;

        private Builder(String url) {
            this.url = url;
        }

        public Builder branch(String v) { branch = v; return this; }
        public Builder message(String v) { message = v; return this; }
        public Builder changes(List<Change> v) { changes = v; return this; }
        public Builder changes(Change... v) { changes = List.of(v); return this; }
        public Builder author(Identity v) { author = v; return this; }
        public Builder committer(Identity v) { committer = v; return this; }
        public Builder build(BuildInfo v) { build = v; return this; }
        public Builder source(SourceCommit v) { source = v; return this; }
        public Builder idempotencyKey(String v) { idempotencyKey = v; return this; }
        public Builder skipCi(boolean v) { skipCi = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder maxAttempts(int v) { maxAttempts = v; return this; }
        public Builder maxDuration(Duration v) { maxDuration = v; return this; }
        public Builder credentials(Credentials v) { credentials = v; return this; }
        public Builder transport(TransportOptions v) { transport = v; return this; }
        public Builder owner(String v) { owner = v; return this; }
        public Builder startFrom(String v) { startFrom = v; return this; }
        public Builder ownBranch(boolean v) { ownBranch = v; return this; }
        public Builder signer(io.jenkins.plugins.gitops.core.sign.CommitSigner v) { signer = v; return this; }

        public CommitRequest build() {
            return new CommitRequest(url, branch, message, changes, author, committer, build, source, idempotencyKey,
                    skipCi, dryRun, maxAttempts, maxDuration, credentials, transport, owner, startFrom, ownBranch, signer);
        }
    }
}
