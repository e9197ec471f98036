package io.jenkins.plugins.gitops.core.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Threads that belong to this code, not to whoever happened to start them. A new thread inherits the context class
 * loader of the thread that creates it; in Jenkins that is often a Pipeline program's thread, whose loader is the
 * script's, and a long-lived thread holding it keeps every class of that script in memory for the controller's life.
 * So the threads made here carry the class loader of this code instead (the plugin's, in Jenkins), as Jenkins' own
 * {@code ClassLoaderSanityThreadFactory} does for core's pools.
 */
public final class OwnThreads {
    private static final ClassLoader OWN = OwnThreads.class.getClassLoader();

    private OwnThreads() {}

    /** Daemon threads named {@code prefix1}, {@code prefix2}, … */
    public static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return daemon(() -> prefix + count.incrementAndGet());
    }

    /** Daemon threads that all have the same name. */
    public static ThreadFactory daemonsNamed(String name) {
        return daemon(() -> name);
    }

    private static ThreadFactory daemon(Supplier<String> names) {
        return work -> {
            Thread thread = new Thread(work, names.get());
            thread.setDaemon(true);
            thread.setContextClassLoader(OWN);
            return thread;
        };
    }

    /**
     * Runs {@code creation} with this code's class loader as the calling thread's context class loader, for objects
     * that start threads of their own from the creating thread (the JDK's {@code HttpClient} starts its selector
     * thread when built).
     */
    public static <T> T create(Supplier<T> creation) {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(OWN);
        try {
            return creation.get();
        } finally {
            current.setContextClassLoader(before);
        }
    }
}
