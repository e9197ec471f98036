package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Local behaviour: a case-sensitive map; the real one ignores case on Windows agents. */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
    }

    public EnvVars(Map<String, String> m) {
        super(m);
    }
}
