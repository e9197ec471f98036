package hudson.model;

/** Local behaviour only: none; tests that need actions override {@link #addAction} and {@link #getAction}. */
public abstract class Actionable {
    public Actionable() {
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
