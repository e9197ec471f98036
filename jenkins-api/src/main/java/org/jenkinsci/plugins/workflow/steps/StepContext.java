package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import java.io.IOException;
import java.io.Serializable;

public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    public abstract boolean isReady();

    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

    @Override
    public abstract void onSuccess(Object result);
}
