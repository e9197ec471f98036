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

    private static final String ANCHORED = "defaults: &d\n  tag: \"1\"\nweb:\n  <<: *d\napi:\n  <<: *d\n  tag: \"0\"\n"
            + "copy: *d\n";

    @Test
    @SuppressWarnings("unchecked")
    public void aValueInsideAnAnchorChangesWhereYamlSaysItShows() {
        List<Object> expected = YamlModelCheck.loadAllReplacing("v.yaml", "defaults.tag",
                SourceText.decode("v.yaml", ANCHORED.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0,
                YamlPath.parse("v.yaml", "defaults.tag"), "2");
        Map<String, Map<String, Object>> doc = (Map<String, Map<String, Object>>) expected.get(0);
        assertEquals("2", doc.get("defaults").get("tag"));
        assertEquals("the mapping that merges it", "2", doc.get("web").get("tag"));
        assertEquals("its own key wins over the merge", "0", doc.get("api").get("tag"));
        assertEquals("the alias", "2", doc.get("copy").get("tag"));
        YamlModelCheck.requireOnlyChange("v.yaml", "defaults.tag", expected, ANCHORED.replace("tag: \"1\"", "tag: \"2\""));
        assertThrows("an edit that also changed the override is caught", EditException.class,
                () -> YamlModelCheck.requireOnlyChange("v.yaml", "defaults.tag", expected,
                        ANCHORED.replace("tag: \"1\"", "tag: \"2\"").replace("tag: \"0\"", "tag: \"2\"")));
    }
}
