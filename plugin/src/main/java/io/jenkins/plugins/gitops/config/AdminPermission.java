package io.jenkins.plugins.gitops.config;

import hudson.security.AccessControlled;
import java.util.function.Supplier;
import jenkins.model.Jenkins;

/**
 * The permission that the GitOps page needs, Overall/Administer, checked by every form endpoint that touches
 * credentials or the network before it does anything else. Tests replace {@link #root} with a double.
 */
final class AdminPermission {
    static Supplier<AccessControlled> root = Jenkins::get;

    private AdminPermission() {
    }

    /** Throws AccessDeniedException (HTTP 403) for anyone else. */
    static void check() {
        root.get().checkPermission(Jenkins.ADMINISTER);
    }

    static boolean granted() {
        return root.get().hasPermission(Jenkins.ADMINISTER);
    }
}
