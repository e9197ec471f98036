package io.jenkins.plugins.gitops.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** A step context over a map of context objects, whose outcome tests wait for with a deadline. */
public final class TestStepContext extends StepContext {
    private static final long serialVersionUID = 1L;

    private final transient Map<Class<?>, Object> objects = new HashMap<>();
    private final transient CompletableFuture<Object> outcome = new CompletableFuture<>();

    public <T> TestStepContext with(Class<T> type, T value) {
        objects.put(type, value);
        return this;
    }

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(objects.get(key));
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void onSuccess(Object result) {
        outcome.complete(result);
    }

    @Override
    public void onFailure(Throwable t) {
        outcome.completeExceptionally(t);
    }

    /** The step's result; a failure is thrown as it was given to {@link #onFailure}. */
    public Object result(long seconds) throws Throwable {
        try {
            return outcome.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the step did not finish within " + seconds + " s");
        }
    }

    public boolean isDone() {
        return outcome.isDone();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
