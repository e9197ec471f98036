package io.jenkins.plugins.gitops.core.git;

import java.nio.file.Path;

/**
 * A branch checked out into a folder; {@code commit} and {@code folder} are what
 * {@link CheckoutCommitter#commitChanges} needs once the files have been edited.
 *
 * @param repository the URL without user-info
 * @param branch     the branch, resolved when the request left it open
 * @param commit     the branch's tip that was checked out: the base of the changes
 * @param folder     where it was checked out
 * @param reused     the folder already held a checkout of the repository and was fetched and reset, not cloned
 */
public record Checkout(String repository, String branch, String commit, Path folder, boolean reused) {}
