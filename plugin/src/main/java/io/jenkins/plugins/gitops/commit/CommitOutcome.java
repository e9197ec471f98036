package io.jenkins.plugins.gitops.commit;

import io.jenkins.plugins.gitops.GitopsRunAction;
import io.jenkins.plugins.gitops.core.git.CommitResult;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRecord;
import io.jenkins.plugins.gitops.core.pr.PullRequest;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code gitopsCommit} or {@code withGitopsRepo} did, as it comes back from the agent and as the pipeline sees it. */
public record CommitOutcome(String commit, boolean changed, String repository, String branch, List<String> files, int attempts,
        String diff, boolean dryRun, boolean alreadyPresent, PullRequestOutcome pullRequest, Signature signature)
        implements Serializable {

    /** The key a commit this run made was signed with: its fingerprint, and {@code openpgp} or {@code ssh}. */
    public record Signature(String fingerprint, String format) implements Serializable {}

    /** The pull request a change landed through, as plain values. */
    public record PullRequestOutcome(int number, String url, String state, String branch, String base, String headSha,
            String mergeCommit, boolean created) implements Serializable {
        static PullRequestOutcome of(PullRequest pr) {
            return new PullRequestOutcome(pr.number(), pr.url(), pr.state(), pr.branch(), pr.base(), pr.headSha(),
                    pr.mergeCommit(), pr.created());
        }

        /** As saved with the build, with where it is and the API credentials' ID. */
        PullRequestRecord record(String repository, PullRequestOption option, GitopsRunAction.CommitRecord landed) {
            return new PullRequestRecord(repository, number, url, state, branch, base, mergeCommit, option.getHost(),
                    option.getApiUrl(), option.getCredentialsId(), landed);
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("number", number);
            map.put("url", url);
            map.put("state", state);
            map.put("branch", branch);
            map.put("base", base);
            map.put("headSha", headSha);
            map.put("mergeCommit", mergeCommit);
            map.put("created", created);
            return map;
        }
    }

    public CommitOutcome {
        files = List.copyOf(files);
    }

    public static CommitOutcome of(CommitResult r) {
        return new CommitOutcome(r.commit(), r.changed(), r.repository(), r.branch(), r.files(), r.attempts(), r.diff(),
                r.dryRun(), r.alreadyPresent(), null, null);
    }

    /** Says which key signed the commit, when this run made one and {@code signer} is set. */
    public CommitOutcome signedBy(io.jenkins.plugins.gitops.core.sign.CommitSigner signer) {
        if (signer == null || !created()) return this;
        return new CommitOutcome(commit, changed, repository, branch, files, attempts, diff, dryRun, alreadyPresent,
                pullRequest, new Signature(signer.fingerprint(), signer.format()));
    }

    public CommitOutcome withPullRequest(PullRequest pr) {
        return new CommitOutcome(commit, changed, repository, branch, files, attempts, diff, dryRun, alreadyPresent,
                pr == null ? null : PullRequestOutcome.of(pr), signature);
    }

    /**
     * Saves what landed with the build: the commit, and the pull request it went through, whose record is returned
     * (null when it was pushed to the branch).
     */
    public PullRequestRecord record(hudson.model.Run<?, ?> run, CommitTarget target, PullRequestOption option) {
        GitopsRunAction.CommitRecord landed = GitopsRunAction.CommitRecord.landed(target, this);
        GitopsRunAction.recordCommit(run, landed);
        if (pullRequest == null) return null;
        PullRequestRecord pr = pullRequest.record(target.url(), option, landed);
        GitopsRunAction.recordPullRequest(run, pr);
        return pr;
    }

    /** The step's return value: plain types that Pipeline's sandbox and serialization accept. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("commit", commit);
        map.put("changed", changed);
        map.put("created", created());
        map.put("alreadyPresent", alreadyPresent);
        map.put("repository", repository);
        map.put("branch", branch);
        map.put("files", new ArrayList<>(files));
        map.put("attempts", attempts);
        map.put("signed", signature != null);
        if (signature != null) {
            map.put("signingKey", signature.fingerprint());
            map.put("signingFormat", signature.format());
        }
        if (pullRequest != null) map.put("pullRequest", pullRequest.toMap());
        return map;
    }

    /** Whether this run made and pushed a new commit; {@code changed} is also true for an earlier run's commit. */
    public boolean created() {
        return changed && !alreadyPresent && !dryRun;
    }

    /** The diff, then one line saying what happened; {@code unchanged} says why there is no new commit. */
    public void report(PrintStream log, String unchanged) {
        if (!diff.isEmpty()) {
            log.print(diff);
            if (!diff.endsWith("\n")) {
                log.println();
            }
        }
        String what = dryRun ? "dry run: nothing pushed"
                : alreadyPresent ? "already on the branch as " + commit
                : changed ? "pushed " + commit + " after " + attempts + " attempt(s)" + (signature == null ? ""
                        : ", signed with " + signature.format() + " key " + signature.fingerprint())
                : unchanged + "; " + branch + " is at " + commit;
        log.println("[gitops] " + repository + " " + branch + ": " + what);
        if (pullRequest != null) {
            log.println("[gitops] pull request #" + pullRequest.number() + " into " + pullRequest.base() + " is "
                    + pullRequest.state() + ": " + pullRequest.url());
        }
    }
}
