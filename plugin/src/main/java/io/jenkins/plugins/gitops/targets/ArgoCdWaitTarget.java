package io.jenkins.plugins.gitops.targets;

import hudson.AbortException;
import hudson.Extension;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code argoCd(server:, application:, project:)}: an Argo CD application that must be Synced and Healthy at our commit. */
public final class ArgoCdWaitTarget extends GitopsWaitTarget {
    static final String SYMBOL = "argoCd";

    private final String application;
    private String server = "";
    private String project = "";
    private boolean sync;

    @DataBoundConstructor
    public ArgoCdWaitTarget(String application) {
        this.application = required(application, SYMBOL, "application");
    }

    /** An Argo CD server of the global configuration. */
    @DataBoundSetter
    public void setServer(String server) {
        this.server = trim(server);
    }

    /** The application's project; empty for the server's default project, or else Argo CD's {@code default}. */
    @DataBoundSetter
    public void setProject(String project) {
        this.project = trim(project);
    }

    /** Start a sync when the application does not sync by itself. */
    @DataBoundSetter
    public void setSync(boolean sync) {
        this.sync = sync;
    }

    public String getApplication() {
        return application;
    }

    public String getServer() {
        return server;
    }

    public String getProject() {
        return project;
    }

    public boolean isSync() {
        return sync;
    }

    @Override
    public TargetSpec spec(WaitConfiguration configuration) throws AbortException {
        Endpoint endpoint = endpoint(SYMBOL + "(application: '" + application + "')", "server", server,
                configuration::argoCdServer);
        String effectiveProject = !project.isEmpty() ? project
                : endpoint.defaultScope() != null ? endpoint.defaultScope() : "default";
        return new TargetSpec.ArgoCd(endpoint, effectiveProject, application, sync);
    }

    @Extension
    @Symbol(SYMBOL)
    public static final class DescriptorImpl extends GitopsWaitTargetDescriptor {
        @Override
        public String getDisplayName() {
            return "Argo CD application";
        }
    }
}
