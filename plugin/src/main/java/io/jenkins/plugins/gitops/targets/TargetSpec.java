package io.jenkins.plugins.gitops.targets;

import io.jenkins.plugins.gitops.core.wait.ArgoCdTarget;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.WaitTarget;
import java.io.Serializable;

/**
 * A target of {@code gitopsWait} in plain values, names already resolved to an {@link Endpoint}: what a waiting step
 * persists, so that it can build the engine's target again, with a freshly resolved token, after a restart. It never
 * holds a token. Plain classes for the reason given on {@link Endpoint}.
 */
public abstract sealed class TargetSpec implements Serializable permits TargetSpec.ArgoCd, TargetSpec.Flux, TargetSpec.Rollout {
    private static final long serialVersionUID = 1L;

    private final Endpoint endpoint;

    private TargetSpec(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public final Endpoint endpoint() {
        return endpoint;
    }

    /** The engine's target, with the token resolved from {@link Endpoint#credentialsId()}. */
    public abstract WaitTarget toEngine(String token);

    /** Whether the target applies a commit of a config repository (rollouts do not know about commits). */
    public abstract boolean needsCommit();

    /** As the engine names it in its own lines, for example {@code Argo CD application shop/shop-web}. */
    public final String describe() {
        return toEngine(null).describe();
    }

    @Override
    public String toString() {
        return describe() + " at " + endpoint;
    }

    /** An Argo CD application. */
    public static final class ArgoCd extends TargetSpec {
        private static final long serialVersionUID = 1L;

        private final String project;
        private final String application;
        private final boolean sync;

        public ArgoCd(Endpoint endpoint, String project, String application, boolean sync) {
            super(endpoint);
            this.project = project;
            this.application = application;
            this.sync = sync;
        }

        @Override
        public WaitTarget toEngine(String token) {
            return new ArgoCdTarget(endpoint().url(), token, project, application, sync, endpoint().caCertificate());
        }

        @Override
        public boolean needsCommit() {
            return true;
        }
    }

    /** A Flux Kustomization or HelmRelease. */
    public static final class Flux extends TargetSpec {
        private static final long serialVersionUID = 1L;

        private final FluxTarget.Kind kind;
        private final String namespace;
        private final String name;

        public Flux(FluxTarget.Kind kind, Endpoint endpoint, String namespace, String name) {
            super(endpoint);
            this.kind = kind;
            this.namespace = namespace;
            this.name = name;
        }

        @Override
        public WaitTarget toEngine(String token) {
            return new FluxTarget(kind, endpoint().url(), token, endpoint().caCertificate(), namespace, name);
        }

        @Override
        public boolean needsCommit() {
            return true;
        }
    }

    /** A Deployment, StatefulSet or DaemonSet whose rollout must complete. */
    public static final class Rollout extends TargetSpec {
        private static final long serialVersionUID = 1L;

        private final RolloutTarget.Kind kind;
        private final String namespace;
        private final String name;

        public Rollout(RolloutTarget.Kind kind, Endpoint endpoint, String namespace, String name) {
            super(endpoint);
            this.kind = kind;
            this.namespace = namespace;
            this.name = name;
        }

        @Override
        public WaitTarget toEngine(String token) {
            return new RolloutTarget(kind, endpoint().url(), token, endpoint().caCertificate(), namespace, name);
        }

        @Override
        public boolean needsCommit() {
            return false;
        }
    }
}
