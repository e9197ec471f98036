package hudson.security;

/** Local behaviour: {@link #fromId(String)} answers a permission that holds its ID, so tests can tell permissions apart. */
public final class Permission {
    private final String id;

    private Permission(String id) {
        this.id = id;
    }

    public static Permission fromId(String id) {
        return new Permission(id);
    }

    public String getId() {
        return id;
    }

    @Override
    public String toString() {
        return "Permission[" + id + "]";
    }
}
