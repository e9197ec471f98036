package hudson;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;

/**
 * Local behaviour: a case-sensitive map; the real one ignores case on Windows agents. {@link #override} does what the
 * real one does (jenkinsci/jenkins, core/src/main/java/hudson/EnvVars.java): an empty or null value removes the
 * variable, and {@code KEY+SUFFIX} prepends to {@code KEY} with the path separator.
 */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
    }

    public EnvVars(Map<String, String> m) {
        super(m);
    }

    public void override(String key, String value) {
        if (value == null || value.isEmpty()) {
            remove(key);
            return;
        }
        int plus = key.indexOf('+');
        if (plus > 0) {
            String realKey = key.substring(0, plus);
            String current = get(realKey);
            put(realKey, current == null ? value : value + File.pathSeparatorChar + current);
            return;
        }
        put(key, value);
    }

    public EnvVars overrideAll(Map<String, String> all) {
        for (Map.Entry<String, String> e : all.entrySet()) {
            override(e.getKey(), e.getValue());
        }
        return this;
    }
}
