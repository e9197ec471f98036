package io.jenkins.plugins.gitops.testing;

import hudson.model.Result;
import hudson.model.Run;

/** A build as the plugin sees it: a URL, an ID, a number and, once set, a result. */
@SuppressWarnings("rawtypes")
public final class FakeRun extends Run {
    private final String job;
    private final int number;
    private Result result;

    public FakeRun(String job, int number) {
        super(null, 0L);
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
}
