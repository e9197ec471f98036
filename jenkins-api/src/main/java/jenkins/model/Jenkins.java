package jenkins.model;

import java.io.File;

/** Local behaviour only: there is no running Jenkins, so {@link #getInstanceOrNull()} answers null. */
public class Jenkins {
    private Jenkins() {
    }

    public static Jenkins getInstanceOrNull() {
        return null;
    }

    public String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
