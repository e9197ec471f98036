package io.jenkins.plugins.gitops.commit;

import io.jenkins.plugins.gitops.core.git.TransactionListener;
import java.io.PrintStream;

/** The engine's progress lines in the build log, marked as ours. */
public record BuildLog(PrintStream log) implements TransactionListener {
    @Override
    public void info(String line) {
        log.println("[gitops] " + line);
    }
}
