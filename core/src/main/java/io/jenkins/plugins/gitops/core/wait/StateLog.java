package io.jenkins.plugins.gitops.core.wait;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The sequence of distinct states a wait has seen, with when each began; feeds the timeout diagnosis. */
final class StateLog {

    private record Entry(String state, Instant since) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Returns whether {@code state} differs from the current one (and was recorded). */
    boolean enter(String state, Instant now) {
        if (!entries.isEmpty() && entries.get(entries.size() - 1).state().equals(state)) {
            return false;
        }
        entries.add(new Entry(state, now));
        return true;
    }

    String current() {
        return entries.isEmpty() ? "nothing observed yet" : entries.get(entries.size() - 1).state();
    }

    /** Each state with how long it lasted, oldest first, at most the last {@code limit}. */
    String history(Instant now, int limit) {
        StringBuilder out = new StringBuilder();
        int from = Math.max(0, entries.size() - limit);
        if (from > 0) {
            out.append("  (").append(from).append(" earlier states omitted)\n");
        }
        for (int i = from; i < entries.size(); i++) {
            Instant end = i + 1 < entries.size() ? entries.get(i + 1).since() : now;
            out.append("  - ").append(entries.get(i).state()).append(" (")
                    .append(i + 1 < entries.size() ? "" : "still, ")
                    .append("for ").append(human(Duration.between(entries.get(i).since(), end))).append(")\n");
        }
        return out.toString();
    }

    static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = (ms + 500) / 1000;
        if (s < 60) {
            return s + "s";
        }
        return s / 3600 > 0 ? (s / 3600) + "h" + (s % 3600) / 60 + "m" : (s / 60) + "m" + (s % 60) + "s";
    }
}
