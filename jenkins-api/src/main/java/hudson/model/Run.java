package hudson.model;

import java.io.IOException;
import java.util.Calendar;

/** Local behaviour only: the constructor stores nothing; tests override the getters they need. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    protected Run(JobT job, Calendar timestamp) {
    }

    protected Run(JobT job, long timestamp) {
    }

    public String getUrl() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public Result getResult() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public void setResult(Result r) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public void save() throws IOException {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
