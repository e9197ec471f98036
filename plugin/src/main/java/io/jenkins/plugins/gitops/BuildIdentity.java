package io.jenkins.plugins.gitops;

import hudson.model.Run;
import jenkins.model.Jenkins;

/** How a build is named in commit trailers, queue lines and idempotency keys. */
final class BuildIdentity {
    private BuildIdentity() {}

    /** {@code folder/job}, from the build's externalizable ID {@code folder/job#42}. */
    static String job(Run<?, ?> run) {
        String id = run.getExternalizableId();
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    /** {@code folder/job #42}, as the "queued behind" line shows it. */
    static String describe(Run<?, ?> run) {
        return job(run) + " #" + run.getNumber();
    }

    /** The absolute build URL when Jenkins' root URL is configured, otherwise the relative one. */
    static String url(Run<?, ?> run) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        String root = jenkins == null ? null : jenkins.getRootUrl();
        return root == null ? run.getUrl() : root + run.getUrl();
    }
}
