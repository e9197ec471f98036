package jenkins.tasks;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildWrapper;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

public abstract class SimpleBuildWrapper extends BuildWrapper {
    public void setUp(Context context, Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener,
            EnvVars initialEnvironment) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    /**
     * Local behaviour: keeps the variables and the disposer, refusing a second binding of a name or a second disposer,
     * as Jenkins does. The constructor is private (Jenkins' public one is deprecated); tests create one by reflection.
     */
    public static final class Context {
        private final Map<String, String> env = new HashMap<>();
        private Disposer disposer;

        private Context() {
        }

        public void env(String key, String value) {
            if (env.containsKey(key)) {
                throw new IllegalStateException("just one binding for " + key);
            }
            env.put(key, value);
        }

        public Map<String, String> getEnv() {
            return env;
        }

        public void setDisposer(Disposer disposer) {
            if (this.disposer != null) {
                throw new IllegalStateException("just one disposer");
            }
            this.disposer = disposer;
        }

        public Disposer getDisposer() {
            return disposer;
        }
    }

    public abstract static class Disposer implements Serializable {
        private static final long serialVersionUID = 1L;

        public void tearDown(Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
                throws IOException, InterruptedException {
            throw new UnsupportedOperationException("no Jenkins here");
        }
    }
}
