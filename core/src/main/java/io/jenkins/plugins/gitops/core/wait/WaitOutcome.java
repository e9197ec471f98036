package io.jenkins.plugins.gitops.core.wait;

import java.io.Serializable;

/** How a wait ended; a closed set so that callers handle every case. */
public sealed interface WaitOutcome extends Serializable permits WaitOutcome.Done, WaitOutcome.Failed, WaitOutcome.TimedOut {

    /** One line for the build log. */
    String describe();

    /**
     * The target reached the wanted state.
     *
     * @param appliedRevision the commit the reconciler applied, or {@code null} when there is none (rollouts)
     * @param superseded whether a descendant of our commit was applied rather than our commit itself
     */
    record Done(String detail, String appliedRevision, boolean superseded) implements WaitOutcome {
        @Override
        public String describe() {
            return detail;
        }
    }

    /** The target will not reach the wanted state without someone acting; {@code reason} says why. */
    record Failed(String reason) implements WaitOutcome {
        @Override
        public String describe() {
            return reason;
        }
    }

    /** The deadline passed; {@code diagnosis} summarises what was last seen and for how long. */
    record TimedOut(String diagnosis) implements WaitOutcome {
        @Override
        public String describe() {
            return diagnosis;
        }
    }
}
