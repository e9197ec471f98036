package hudson.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

/** Local behaviour: {@link #load()} and {@link #save()} do nothing, since there is no JENKINS_HOME to keep files in. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
    }

    protected Descriptor(Class<? extends T> clazz) {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    public void load() {
    }

    public void save() {
    }

    public static final class FormException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
            this.formField = formField;
        }

        public String getFormField() {
            return formField;
        }
    }
}
