package io.jenkins.plugins.gitops.commit;

import hudson.model.Run;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import jenkins.model.Jenkins;

/** How a build is named in commit trailers, queue lines, idempotency keys and commit message templates. */
public final class BuildIdentity {
    private BuildIdentity() {}

    /** {@code folder/job}, from the build's externalizable ID {@code folder/job#42}. */
    public static String job(Run<?, ?> run) {
        String id = run.getExternalizableId();
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    /** {@code folder/job #42}, as the "queued behind" line shows it. */
    public static String describe(Run<?, ?> run) {
        return job(run) + " #" + run.getNumber();
    }

    /** The absolute build URL when Jenkins' root URL is configured, otherwise the relative one. */
    public static String url(Run<?, ?> run) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        String root = jenkins == null ? null : jenkins.getRootUrl();
        return root == null ? run.getUrl() : root + run.getUrl();
    }

    /**
     * What a commit message template can use: {@code JOB_NAME}, {@code BUILD_NUMBER} and {@code BUILD_URL}, then the
     * build's environment, which wins.
     */
    public static Map<String, String> variables(Run<?, ?> run, Map<String, String> env) {
        Map<String, String> variables = new HashMap<>(Map.of("JOB_NAME", job(run), "BUILD_NUMBER",
                String.valueOf(run.getNumber()), "BUILD_URL", url(run)));
        if (env != null) {
            variables.putAll(env);
        }
        return variables;
    }

    /**
     * A commit's idempotency key ({@code Gitops-Change-Id}): this build and what it changes, so that a repeat in the
     * same build (a {@code retry}, a resumed build) finds its commit, while another build or another change commits anew.
     */
    public static String changeId(Run<?, ?> run, String what) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return run.getExternalizableId() + ":" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
