package io.jenkins.plugins.gitops;

import hudson.model.Action;
import hudson.model.Run;
import io.jenkins.plugins.gitops.commit.CommitOutcome;
import io.jenkins.plugins.gitops.commit.CommitTarget;
import io.jenkins.plugins.gitops.core.git.TransportOptions;
import io.jenkins.plugins.gitops.core.git.Urls;
import io.jenkins.plugins.gitops.page.CommitLinks;
import io.jenkins.plugins.gitops.page.GitopsRunApi;
import io.jenkins.plugins.gitops.pullrequest.PullRequestRecord;
import io.jenkins.plugins.gitops.revert.RevertRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a build did to its config repositories: every commit {@code gitopsCommit} or {@code withGitopsRepo} landed and
 * every target {@code gitopsWait} waited for, with the outcome. Shown on the build page as "GitOps"; {@code gitopsWait}
 * also reads it to find the build's last commit and the repository behind a commit.
 *
 * <p>Saved with the build (build.xml), so it holds plain values in plain classes (XStream reads them back) and no
 * secret: repository URLs are stored without user-info, credentials by ID only.
 */
public final class GitopsRunAction implements Action {
    private static final Logger LOGGER = Logger.getLogger(GitopsRunAction.class.getName());
    private static final Object ATTACH = new Object();

    private final List<CommitRecord> commits = new ArrayList<>();
    private final List<WaitRecord> waits = new ArrayList<>();
    /** Absent from records of versions before 0.4: read back as null. */
    private List<PullRequestRecord> pullRequests = new ArrayList<>();
    /** Absent from records of versions before reverts: read back as null. */
    private List<RevertRecord> reverts = new ArrayList<>();

    /** The build's record, attached on first use. */
    public static GitopsRunAction of(Run<?, ?> run) {
        synchronized (ATTACH) {
            GitopsRunAction action = run.getAction(GitopsRunAction.class);
            if (action == null) {
                action = new GitopsRunAction();
                run.addAction(action);
            }
            return action;
        }
    }

    /** Adds a commit and saves the build, so that the record survives a controller restart during the build. */
    public static void recordCommit(Run<?, ?> run, CommitRecord commit) {
        GitopsRunAction action = of(run);
        synchronized (action) {
            action.commits.add(commit);
        }
        save(run);
    }

    public static void recordWait(Run<?, ?> run, WaitRecord wait) {
        GitopsRunAction action = of(run);
        synchronized (action) {
            action.waits.add(wait);
        }
        save(run);
    }

    /** Adds a pull request, or brings the one recorded already up to date, and saves the build. */
    public static void recordPullRequest(Run<?, ?> run, PullRequestRecord pr) {
        GitopsRunAction action = of(run);
        synchronized (action) {
            if (action.pullRequests == null) {
                action.pullRequests = new ArrayList<>();
            }
            action.pullRequests.removeIf(pr::samePullRequest);
            action.pullRequests.add(pr);
        }
        save(run);
    }

    /** Adds a revert and saves the build. */
    public static void recordRevert(Run<?, ?> run, RevertRecord revert) {
        GitopsRunAction action = of(run);
        synchronized (action) {
            if (action.reverts == null) {
                action.reverts = new ArrayList<>();
            }
            action.reverts.add(revert);
        }
        save(run);
    }

    private static void save(Run<?, ?> run) {
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "cannot save the GitOps record of " + run.getExternalizableId(), e);
        }
    }

    public synchronized List<CommitRecord> getCommits() {
        return List.copyOf(commits);
    }

    public synchronized List<WaitRecord> getWaits() {
        return List.copyOf(waits);
    }

    public synchronized List<PullRequestRecord> getPullRequests() {
        return pullRequests == null ? List.of() : List.copyOf(pullRequests);
    }

    public synchronized List<RevertRecord> getReverts() {
        return reverts == null ? List.of() : List.copyOf(reverts);
    }

    /** The pull request this build opened last, the one {@code gitopsWaitForMerge} waits for by default; or null. */
    public synchronized PullRequestRecord lastPullRequest() {
        return pullRequests == null || pullRequests.isEmpty() ? null : pullRequests.get(pullRequests.size() - 1);
    }

    /** The recorded pull request with this page URL, or null. */
    public synchronized PullRequestRecord findPullRequest(String url) {
        return getPullRequests().stream().filter(pr -> pr.getUrl().equals(url)).reduce((a, b) -> b).orElse(null);
    }

    /** The build's last commit, the one {@code gitopsWait} waits for by default; null when there is none. */
    public synchronized CommitRecord lastCommit() {
        return commits.isEmpty() ? null : commits.get(commits.size() - 1);
    }

    /** The newest recorded commit with this SHA (full or abbreviated to at least 7 digits), or null. */
    public synchronized CommitRecord findCommit(String sha) {
        String wanted = sha.toLowerCase(Locale.ROOT);
        for (int i = commits.size() - 1; i >= 0; i--) {
            String recorded = commits.get(i).getSha().toLowerCase(Locale.ROOT);
            if (recorded.equals(wanted) || (wanted.length() >= 7 && recorded.startsWith(wanted))) {
                return commits.get(i);
            }
        }
        return null;
    }

    /** The record as JSON at {@code …/gitops/api/json}. */
    public GitopsRunApi getApi() {
        return new GitopsRunApi(this);
    }

    @Override
    public String getIconFileName() {
        return "symbol-gitops-commit plugin-gitops-bridge";
    }

    @Override
    public String getDisplayName() {
        return "GitOps";
    }

    @Override
    public String getUrlName() {
        return "gitops";
    }

    /** One commit landed by {@code gitopsCommit} or {@code withGitopsRepo}. */
    public static final class CommitRecord {
        private final String repository;
        private final String branch;
        private final String defaultBranch;
        private final String sha;
        private final ArrayList<String> files;
        private final boolean changed;
        private final String credentialsId;
        /** Absent from records of versions before 0.2: read back as null and false. */
        private final String knownHosts;
        private final boolean acceptUnknownHosts;
        /** The fingerprint of the key that signed the commit; absent (null) for unsigned ones and older records. */
        private final String signingKey;
        /** The signing key's credentials, by ID, to sign a revert the same way; null when unsigned or older. */
        private final String signingKeyCredentialsId;
        private final String signingPassphraseCredentialsId;

        /**
         * @param defaultBranch the remote's default branch when known (the step was given no branch), else null
         * @param credentialsId the ID the commit was pushed with, to fetch the same repository again; never a secret
         */
        public CommitRecord(String repository, String branch, String defaultBranch, String sha, List<String> files,
                boolean changed, String credentialsId) {
            this(repository, branch, defaultBranch, sha, files, changed, credentialsId, TransportOptions.DEFAULT, null, null,
                    null);
        }

        private CommitRecord(String repository, String branch, String defaultBranch, String sha, List<String> files,
                boolean changed, String credentialsId, TransportOptions transport, String signingKey,
                String signingKeyCredentialsId, String signingPassphraseCredentialsId) {
            this.repository = Urls.redact(repository);
            this.branch = branch;
            this.defaultBranch = defaultBranch;
            this.sha = sha;
            this.files = new ArrayList<>(files);
            this.changed = changed;
            this.credentialsId = credentialsId == null ? "" : credentialsId;
            this.knownHosts = transport.knownHosts();
            this.acceptUnknownHosts = transport.acceptUnknownHosts();
            this.signingKey = signingKey;
            this.signingKeyCredentialsId = signingKeyCredentialsId;
            this.signingPassphraseCredentialsId = signingPassphraseCredentialsId;
        }

        /**
         * What a step landed in {@code target}, with the credentials and SSH host keys it was pushed with, so that
         * {@code gitopsWait} reaches the repository the same way.
         */
        public static CommitRecord landed(CommitTarget target, CommitOutcome outcome) {
            return new CommitRecord(target.url(), outcome.branch(), target.branch() == null ? outcome.branch() : null,
                    outcome.commit(), outcome.files(), outcome.changed(), target.credentialsId(), target.transport(),
                    outcome.signature() == null ? null : outcome.signature().fingerprint(),
                    target.signingKeyCredentialsId(), target.signingPassphraseCredentialsId());
        }

        public String getRepository() {
            return repository;
        }

        public String getBranch() {
            return branch;
        }

        public String getDefaultBranch() {
            return defaultBranch;
        }

        public String getSha() {
            return sha;
        }

        public String getShortSha() {
            return sha.length() > 12 ? sha.substring(0, 12) : sha;
        }

        public List<String> getFiles() {
            return Collections.unmodifiableList(files);
        }

        public boolean isChanged() {
            return changed;
        }

        /** The fingerprint of the key that signed the commit, or null. */
        public String getSigningKey() {
            return signingKey;
        }

        /** The credentials ID of the key the commit was pushed to be signed with, or null; never a secret. */
        public String signingKeyCredentialsId() {
            return signingKeyCredentialsId;
        }

        public String signingPassphraseCredentialsId() {
            return signingPassphraseCredentialsId;
        }

        public String credentialsId() {
            return credentialsId;
        }

        /** The SSH host keys the commit was pushed with. */
        public TransportOptions transport() {
            return TransportOptions.sshHosts(knownHosts, acceptUnknownHosts);
        }

        /** The commit {@code sha} on {@code branch} of the same repository, reached the same way (a merge commit). */
        public CommitRecord moved(String branch, String sha) {
            return new CommitRecord(repository, branch, null, sha, files, true, credentialsId, transport(), null,
                    signingKeyCredentialsId, signingPassphraseCredentialsId);
        }

        /** The commit's page on its forge, or null. */
        public String getLink() {
            return CommitLinks.link(repository, sha);
        }
    }

    /** How one target of {@code gitopsWait} ended. */
    public static final class WaitRecord {
        /** How a wait on one target ended. */
        public enum Result { DONE, SUPERSEDED, FAILED, TIMED_OUT, CANCELLED, ABORTED }

        private final String target;
        private final String commit;
        private final Result result;
        private final long durationMillis;
        private final String message;

        /**
         * @param commit the config commit waited for, or null for a rollout
         * @param message what was seen when done, or the reason or diagnosis otherwise
         */
        public WaitRecord(String target, String commit, Result result, Duration duration, String message) {
            this.target = target;
            this.commit = commit;
            this.result = result;
            this.durationMillis = Math.max(0, duration.toMillis());
            this.message = message == null ? "" : message;
        }

        public String getTarget() {
            return target;
        }

        public String getCommit() {
            return commit;
        }

        public Result getResult() {
            return result;
        }

        public boolean isSucceeded() {
            return result == Result.DONE || result == Result.SUPERSEDED;
        }

        public long getDurationMillis() {
            return durationMillis;
        }

        /** For people: {@code 1m 05s}. */
        public String getDuration() {
            long s = durationMillis / 1000;
            if (s < 60) {
                return s + "s";
            }
            return s < 3600 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60)
                    : String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }

        public String getMessage() {
            return message;
        }
    }
}
