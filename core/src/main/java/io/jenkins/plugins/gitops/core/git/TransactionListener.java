package io.jenkins.plugins.gitops.core.git;

/**
 * Receives one line per phase of a transaction (fetch, apply, commit, push attempt, result), for a build log.
 * Lines never contain credentials.
 */
public interface TransactionListener {
    TransactionListener NONE = line -> {};

    void info(String line);

    /** Something the user should see even though the transaction goes on, such as overwriting a newer value. */
    default void warning(String line) {
        info("WARNING: " + line);
    }

    /** Called after the commit is made and before it is pushed; tests use it to race the push. */
    default void beforePush(int attempt, String commit) {}
}
