package jenkins.model;

import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;

/**
 * Local behaviour only: there is no running Jenkins, so {@link #getInstanceOrNull()} answers null and {@link #get()}
 * throws, as the real ones do before Jenkins has started. {@link #ADMINISTER} holds the real permission ID.
 */
public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = Permission.fromId("hudson.model.Hudson.Administer");

    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins has not been started, or was already shut down");
    }

    public static Jenkins getInstanceOrNull() {
        return null;
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
