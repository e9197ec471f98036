package io.jenkins.plugins.gitops.cli;

/** Exit codes that let a script tell done, failed and timed out apart. */
final class ExitCodes {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int TIMED_OUT = 3;

    private ExitCodes() {}
}
