package io.jenkins.plugins.gitops.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A step's context without Jenkins: {@link #get} answers from a map, and the step's success or failure completes a
 * future. Like Pipeline's own context it is serialized with the execution; it comes back empty and unfinished, as a
 * fresh context after a restart, and the test gives it the build and the listener again.
 */
public final class TestStepContext extends StepContext {
    private static final long serialVersionUID = 1L;

    private transient Map<Class<?>, Object> values;
    private transient CompletableFuture<Object> result;

    public TestStepContext() {
        fresh();
    }

    private void fresh() {
        values = new HashMap<>();
        result = new CompletableFuture<>();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        fresh();
    }

    public <T> TestStepContext with(Class<T> key, T value) {
        values.put(key, value);
        return this;
    }

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(values.get(key));
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void onSuccess(Object value) {
        result.complete(value);
    }

    @Override
    public void onFailure(Throwable t) {
        result.completeExceptionally(t);
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The step's value, waiting at most {@code limit}. */
    public Object awaitSuccess(Duration limit) throws Exception {
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the step failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the step did not end within " + limit);
        }
    }

    /** What the step failed with, waiting at most {@code limit}. */
    public Throwable awaitFailure(Duration limit) throws Exception {
        try {
            Object value = result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            fail("expected the step to fail, but it returned " + value);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the step did not end within " + limit);
        }
    }

    /** The step's value; a failure is thrown as the step gave it to {@link #onFailure}. */
    public Object result(long seconds) throws Throwable {
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the step did not end within " + seconds + " s");
        }
    }

    /** Fails if the step has ended. */
    public void assertRunning() {
        assertEquals("the step is still running", false, result.isDone());
    }
}
