package io.jenkins.plugins.gitops.core.git;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The application commit a change comes from, with author, date and message read from the local checkout when it has
 * the commit (a Jenkins workspace after {@code checkout scm}), so that Argo CD can show where a deployment came from.
 */
public final class SourceCommits {
    private SourceCommits() {}

    /**
     * @param checkout a folder in or under a git work tree, or any folder
     * @param repoUrl  the application repository (user-info is dropped when written), may be null
     * @param sha      the commit; null or blank means unknown, and the result is null
     */
    public static SourceCommit read(Path checkout, String repoUrl, String sha) {
        if (sha == null || sha.isBlank()) {
            return null;
        }
        String id = sha.strip();
        if (!id.matches("[0-9a-fA-F]{5,40}")) {
            throw new GitopsException("Source commit '" + id + "' is not a commit SHA");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(checkout.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return new SourceCommit(repoUrl, id, null, null, null, null);
        }
        try (Repository repo = builder.setMustExist(true).build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId resolved = repo.resolve(id + "^{commit}");
            if (resolved == null) {
                return new SourceCommit(repoUrl, id, null, null, null, null);
            }
            RevCommit c = walk.parseCommit(resolved);
            PersonIdent a = c.getAuthorIdent();
            String date = ZonedDateTime.ofInstant(a.getWhenAsInstant(), a.getZoneId()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            String message = c.getFullMessage().strip();
            int nl = message.indexOf('\n');
            String subject = nl < 0 ? message : message.substring(0, nl).strip();
            String body = nl < 0 ? null : message.substring(nl + 1).strip();
            return new SourceCommit(repoUrl, c.getName(), a.getName() + " <" + a.getEmailAddress() + ">", date, subject, body);
        } catch (IOException | RuntimeException e) {
            return new SourceCommit(repoUrl, id, null, null, null, null);
        }
    }
}
