package io.jenkins.plugins.gitops.core.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Figures the wait and pull-request benchmarks both print: latency percentiles and the threads a run left behind. */
public final class BenchFigures {
    private BenchFigures() {}

    /** The {@code p}th percentile (nearest rank) of {@code sorted}; -1 when it is empty. */
    public static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Threads running now that did not before, counted by name without their number. */
    public static String threadsAdded(Set<Thread> existing) {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!existing.contains(thread)) {
                byName.merge(thread.getName().replaceAll("-?[0-9]+$", "-N").replaceAll("-[0-9]+-", "-N-"), 1, Integer::sum);
            }
        }
        return byName.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
