package hudson.model;

import java.io.Serializable;

/** Local behaviour: the five results, ordered from best to worst as in Jenkins. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Result SUCCESS = new Result("SUCCESS", 0);
    public static final Result UNSTABLE = new Result("UNSTABLE", 1);
    public static final Result FAILURE = new Result("FAILURE", 2);
    public static final Result NOT_BUILT = new Result("NOT_BUILT", 3);
    public static final Result ABORTED = new Result("ABORTED", 4);

    private final String name;
    private final int rank;

    private Result(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    public boolean isWorseThan(Result that) {
        return rank > that.rank;
    }

    public boolean isBetterOrEqualTo(Result that) {
        return rank <= that.rank;
    }

    @Override
    public String toString() {
        return name;
    }
}
