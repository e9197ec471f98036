package io.jenkins.plugins.gitops;

import java.io.Serializable;

/**
 * What the checkout of {@code withGitopsRepo} gives back from the node: what to tell the body and what to commit on.
 *
 * @param repository the URL without user-info
 * @param branch     the branch, resolved when none was named
 * @param commit     the branch's tip that was checked out
 * @param folder     the absolute path of the checkout on the node
 */
record CheckoutOutcome(String repository, String branch, String commit, String folder) implements Serializable {}
