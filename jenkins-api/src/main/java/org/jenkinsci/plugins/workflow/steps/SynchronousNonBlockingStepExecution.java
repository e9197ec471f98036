package org.jenkinsci.plugins.workflow.steps;

/**
 * Local behaviour: {@link #start()} runs {@link #run()} on a new thread and completes the context with its result or
 * failure, as the real class does on its cached pool.
 */
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected SynchronousNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        Thread worker = new Thread(() -> {
            try {
                getContext().onSuccess(run());
            } catch (Throwable t) {
                getContext().onFailure(t);
            }
        }, "SynchronousNonBlockingStepExecution");
        worker.setDaemon(true);
        worker.start();
        return false;
    }
}
