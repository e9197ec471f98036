package io.jenkins.plugins.gitops.wait;

import io.jenkins.plugins.gitops.config.GitopsConfiguration;
import io.jenkins.plugins.gitops.config.GlobalWaitConfiguration;
import io.jenkins.plugins.gitops.config.JenkinsProxy;
import io.jenkins.plugins.gitops.core.concurrent.OwnThreads;
import io.jenkins.plugins.gitops.core.wait.WaitSettings;
import io.jenkins.plugins.gitops.core.wait.Waits;
import io.jenkins.plugins.gitops.credentials.CredentialLookup;
import io.jenkins.plugins.gitops.targets.WaitConfiguration;
import io.jenkins.plugins.gitops.config.ControllerCache;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What every {@code gitopsWait} of a controller shares: one wait engine (its five threads and the watches that
 * waits on the same object share), the credentials lookup, the configuration, the branch mirrors, the reverts of
 * {@code onFailure: 'revert'}, and one thread that
 * writes what the engine reports (build log lines, the outcome saved with the build), so that no file is written on
 * the engine's threads. A waiting step keeps none of it in its persisted state; it asks for {@link #controller()}
 * again after a restart.
 */
record WaitServices(Waits waits, CredentialLookup credentials, WaitConfiguration configuration, BranchMirrors mirrors,
        Executor reports, WaitRevert reverts) {

    /** Services whose reverts go to the controller's configured repositories and cache. */
    WaitServices(Waits waits, CredentialLookup credentials, WaitConfiguration configuration, BranchMirrors mirrors) {
        this(waits, credentials, configuration, mirrors, reportThread(), WaitRevert.controller());
    }

    /** The same services, reverting with {@code reverts} (tests). */
    WaitServices withReverts(WaitRevert reverts) {
        return new WaitServices(waits, credentials, configuration, mirrors, reports, reverts);
    }

    /** One thread, in order, started when there is something to write and ended after a minute without. */
    private static Executor reportThread() {
        ThreadPoolExecutor reports = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                OwnThreads.daemonsNamed("gitops-wait-report"));
        reports.allowCoreThreadTimeOut(true);
        return reports;
    }

    static final String MIRROR_DIR_PROPERTY = ControllerCache.PROPERTY;

    /** The controller's services, created on first use and kept for the life of the controller. */
    static WaitServices controller() {
        return Controller.SERVICES;
    }

    private static final class Controller {
        static final WaitServices SERVICES = new WaitServices(
                Waits.create(Controller::settings, JenkinsProxy::current), CredentialLookup.JENKINS,
                new GlobalWaitConfiguration(GitopsConfiguration::get), new BranchMirrors(Controller::mirrorRoot));

        /** The poll interval of Manage Jenkins » System » GitOps, read as waits need it, so that a change applies. */
        private static WaitSettings settings() {
            GitopsConfiguration configuration = GitopsConfiguration.get();
            return configuration == null ? WaitSettings.defaults() : WaitSettings.defaults()
                    .withPollInterval(java.time.Duration.ofSeconds(configuration.getPollIntervalSeconds()));
        }

        private static Path mirrorRoot() {
            return ControllerCache.root();
        }
    }
}
