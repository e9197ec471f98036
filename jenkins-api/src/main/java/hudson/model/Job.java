package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    private Job() {
    }

    @SuppressWarnings("rawtypes")
    protected Job(ItemGroup parent, String name) {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
