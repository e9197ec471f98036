package hudson.util;

import java.io.IOException;

/** Local behaviour: {@link #ok}, {@link #warning} and {@link #error} answer a result holding its kind and message. */
public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return local(Kind.OK, null);
    }

    public static FormValidation ok(String message) {
        return local(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return local(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return local(Kind.ERROR, message);
    }

    public abstract String renderHtml();

    private static FormValidation local(Kind kind, String message) {
        return new FormValidation(kind, message) {
            private static final long serialVersionUID = 1L;

            @Override
            public String renderHtml() {
                throw new UnsupportedOperationException("no Jenkins here");
            }
        };
    }

    public enum Kind { OK, WARNING, ERROR }
}
