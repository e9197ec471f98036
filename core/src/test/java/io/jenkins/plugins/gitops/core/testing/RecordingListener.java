package io.jenkins.plugins.gitops.core.testing;

import io.jenkins.plugins.gitops.core.git.TransactionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line a transaction reports, for assertions. */
public class RecordingListener implements TransactionListener {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add(line);
    }

    public String all() {
        return String.join("\n", lines);
    }
}
