package io.jenkins.plugins.gitops.testing;

import hudson.model.AbstractBuild;
import hudson.model.Action;
import hudson.model.Result;
import java.time.Duration;
import java.util.Calendar;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A build (a Freestyle one, as far as types go) as the plugin sees it: a URL, an ID, a number, once set a result, its actions, and a count of saves. */
@SuppressWarnings("rawtypes")
public final class FakeRun extends AbstractBuild {
    private final String job;
    private final int number;
    private Result result;
    private final List<Action> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger saves = new AtomicInteger();
    private final List<String> savedOn = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean building = true;

    public FakeRun(String job, int number) {
        super(null, (Calendar) null);
        this.job = job;
        this.number = number;
    }

    @Override
    public String getUrl() {
        return "job/" + job.replace("/", "/job/") + "/" + number + "/";
    }

    @Override
    public String getExternalizableId() {
        return job + "#" + number;
    }

    @Override
    public int getNumber() {
        return number;
    }

    @Override
    public String getFullDisplayName() {
        return job.replace("/", " » ") + " #" + number;
    }

    public FakeRun withResult(Result result) {
        this.result = result;
        return this;
    }

    @Override
    public Result getResult() {
        return result;
    }

    /** Like Jenkins' {@code Run.setResult}: only while the build runs, and only to a worse result. */
    @Override
    public void setResult(Result r) {
        if (!building) {
            throw new IllegalStateException("cannot change build result after the build");
        }
        if (result == null || r.isWorseThan(result)) {
            result = r;
        }
    }

    @Override
    public boolean isBuilding() {
        return building;
    }

    /** The build has ended: its result is final. */
    public void finish() {
        building = false;
    }

    @Override
    public void addAction(Action a) {
        actions.add(a);
    }

    @Override
    public Action getAction(Class type) {
        for (Action a : actions) {
            if (type.isInstance(a)) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void save() {
        synchronized (saves) {
            savedOn.add(Thread.currentThread().getName());
            saves.incrementAndGet();
            saves.notifyAll();
        }
    }

    /** Waits until the build was saved {@code count} times in all, failing after {@code limit}. */
    public void awaitSaves(int count, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        synchronized (saves) {
            while (saves.get() < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("saved " + saves.get() + " time(s), not " + count + ", within " + limit);
                }
                saves.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public List<Action> actions() {
        return List.copyOf(actions);
    }

    public int saves() {
        return saves.get();
    }

    /** The names of the threads that saved the build, in order. */
    public List<String> savedOn() {
        return List.copyOf(savedOn);
    }
}
