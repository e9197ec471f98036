package io.jenkins.plugins.gitops.core.wait;

import java.io.Serializable;

/**
 * What to wait for. Targets are plain serializable values so that a wait can be persisted and re-armed after a
 * controller restart by calling {@link Waits#await} again with the same values.
 */
public sealed interface WaitTarget extends Serializable permits ArgoCdTarget, FluxTarget, RolloutTarget {

    /** Short human description, for example {@code Argo CD application shop/shop-web}. */
    String describe();

    /** Identifies the watched object on its server; waits with equal keys share one watcher. */
    String feedKey();

    /** The API server's base URL, so that waits on one server know whether it has answered any of them. */
    String serverUrl();
}
