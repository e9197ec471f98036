package hudson.util;

import java.io.Serializable;

/** Local behaviour: holds the plain text in memory; there is no controller key to encrypt with. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public String getPlainText() {
        return value;
    }
}
