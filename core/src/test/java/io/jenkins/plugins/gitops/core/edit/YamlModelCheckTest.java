package io.jenkins.plugins.gitops.core.edit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The verification net must reject text edits that change anything besides the target. */
public class YamlModelCheckTest {
    private static final String OLD = "a:\n  b: 1\n  c: x\n";

    @Test
    public void acceptsAChangeOnlyAtThePath() {
        List<Object> expected = YamlModelCheck.loadAll("f.yaml", "a.c", OLD);
        YamlModelCheck.set(expected.get(0), YamlPath.parse("f.yaml", "a.c"), "y");
        YamlModelCheck.requireOnlyChange("f.yaml", "a.c", expected, "a:\n  b: 1\n  c: y # new\n");
    }

    @Test
    public void rejectsAChangeElsewhere() {
        List<Object> expected = YamlModelCheck.loadAll("f.yaml", "a.c", OLD);
        YamlModelCheck.set(expected.get(0), YamlPath.parse("f.yaml", "a.c"), "y");
        EditException e = assertThrows(EditException.class,
                () -> YamlModelCheck.requireOnlyChange("f.yaml", "a.c", expected, "a:\n  b: 2\n  c: y\n"));
        assertEquals("f.yaml: a.c: the edit would change more than the target value; nothing was written",
                e.getMessage());
    }

    @Test
    public void rejectsAnEditThatBreaksTheFile() {
        List<Object> expected = YamlModelCheck.loadAll("f.yaml", "a.c", OLD);
        EditException e = assertThrows(EditException.class,
                () -> YamlModelCheck.requireOnlyChange("f.yaml", "a.c", expected, "a:\n  b: 1\n  c: [y\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("the edit would make the file invalid"));
    }

    @Test
    public void createsMissingMappingsInTheModel() {
        Object document = YamlModelCheck.loadAll("f.yaml", "", OLD).get(0);
        YamlModelCheck.set(document, YamlPath.parse("f.yaml", "a.d.e"), "z");
        assertEquals(Map.of("a", Map.of("b", 1, "c", "x", "d", Map.of("e", "z"))), document);
    }
}
