package io.jenkins.plugins.gitops.testing;

import hudson.EnvVars;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a block step's body as Pipeline would, without Pipeline: on another thread, with the environment that the
 * step's {@link EnvironmentExpander}s make of the context's variables, then tells the callback how the body ended,
 * passing the step's context. Records what the step gave it, for the test to check.
 */
public final class TestBodyInvoker extends BodyInvoker {
    /** What the block does: edits files, or throws to fail. */
    @FunctionalInterface
    public interface Body {
        void run(EnvVars env) throws Exception;
    }

    private final StepContext stepContext;
    private final EnvVars contextEnvironment;
    private final Body body;
    private final List<Object> contexts = new ArrayList<>();
    private final CompletableFuture<EnvVars> bodyEnvironment = new CompletableFuture<>();
    private BodyExecutionCallback callback;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    TestBodyInvoker(StepContext stepContext, EnvVars contextEnvironment, Body body) {
        this.stepContext = stepContext;
        this.contextEnvironment = contextEnvironment == null ? new EnvVars() : contextEnvironment;
        this.body = body;
    }

    @Override
    public synchronized BodyInvoker withContext(Object override) {
        contexts.add(override);
        return this;
    }

    @Override
    public synchronized BodyInvoker withCallback(BodyExecutionCallback callback) {
        this.callback = callback;
        return this;
    }

    @Override
    public synchronized BodyExecution start() {
        if (callback == null) {
            throw new IllegalStateException("no callback: nobody would learn how the body ended");
        }
        Execution execution = new Execution();
        Thread runner = new Thread(() -> execution.run(List.copyOf(contexts), callback), "test body");
        runner.setDaemon(true);
        runner.start();
        return execution;
    }

    public synchronized List<Object> contexts() {
        return List.copyOf(contexts);
    }

    public synchronized BodyExecutionCallback callback() {
        return callback;
    }

    /** The variables the body ran with, waiting until it started. */
    public EnvVars awaitBodyEnvironment(long seconds) throws Exception {
        return bodyEnvironment.get(seconds, TimeUnit.SECONDS);
    }

    /** Waits until the body has ended and the callback has returned. */
    public void awaitEnd(long seconds) throws Exception {
        ended.get(seconds, TimeUnit.SECONDS);
    }

    private final class Execution extends BodyExecution {
        private static final long serialVersionUID = 1L;
        private final transient CompletableFuture<Object> done = new CompletableFuture<>();

        void run(List<Object> given, BodyExecutionCallback callback) {
            try {
                EnvVars env = new EnvVars(contextEnvironment);
                for (Object context : given) {
                    if (context instanceof EnvironmentExpander expander) {
                        expander.expand(env);
                    }
                }
                bodyEnvironment.complete(env);
                body.run(env);
            } catch (Throwable t) {
                bodyEnvironment.completeExceptionally(t);
                callback.onFailure(stepContext, t);
                done.completeExceptionally(t);
                ended.complete(null);
                return;
            }
            callback.onSuccess(stepContext, null);
            done.complete(null);
            ended.complete(null);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return done.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return done.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return done.get(timeout, unit);
        }
    }
}
