package io.jenkins.plugins.gitops.core.git;

/** The CI build that makes the commit; written as trailers so that a commit leads back to its build. */
public record BuildInfo(String url, String job, String number) {}
