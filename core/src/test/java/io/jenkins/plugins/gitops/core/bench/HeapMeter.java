package io.jenkins.plugins.gitops.core.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The peak of used heap in this JVM. Used heap only grows between collections, so its peak is the largest total that a
 * collection found on entry (taken from the GC notifications, summed over heap pools at that one moment), or the
 * current use if larger. Also keeps the largest heap left after a collection, which approximates the live set.
 */
final class HeapMeter {
    /** A phase's figures in bytes; {@code liveAfterGc} is -1 when no collection ran in it. */
    record Peak(long used, long liveAfterGc) {}

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong live = new AtomicLong(-1);

    HeapMeter() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) emitter.addNotificationListener(this::onGc, null, null);
        }
        reset();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        peak.accumulateAndGet(sum(info.getMemoryUsageBeforeGc()), Math::max);
        live.accumulateAndGet(sum(info.getMemoryUsageAfterGc()), Math::max);
    }

    private long sum(Map<String, MemoryUsage> pools) {
        long total = 0;
        for (Map.Entry<String, MemoryUsage> e : pools.entrySet()) {
            if (heapPools.contains(e.getKey())) total += e.getValue().getUsed();
        }
        return total;
    }

    private static long usedNow() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The peak since the last call, and starts a new phase. */
    Peak takeAndReset() {
        Peak p = new Peak(Math.max(peak.get(), usedNow()), live.get());
        reset();
        return p;
    }

    private void reset() {
        peak.set(usedNow());
        live.set(-1);
    }
}
