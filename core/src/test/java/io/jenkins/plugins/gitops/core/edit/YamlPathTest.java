package io.jenkins.plugins.gitops.core.edit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.core.edit.YamlPath.Index;
import io.jenkins.plugins.gitops.core.edit.YamlPath.Key;
import io.jenkins.plugins.gitops.core.edit.YamlPath.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class YamlPathTest {

    @Test
    public void dottedKeysIndexesAndSelectors() {
        assertEquals(List.of(new Key("spec"), new Key("template"), new Key("spec"), new Key("containers"),
                new Selector("name", "web"), new Key("image")),
                YamlPath.parse("f.yaml", "spec.template.spec.containers[name=web].image").segments());
        assertEquals(List.of(new Key("items"), new Index(2), new Index(0), new Key("x")),
                YamlPath.parse("f.yaml", "items[2][0].x").segments());
    }

    @Test
    public void quotedKeysMayHoldDotsAndSlashes() {
        assertEquals(List.of(new Key("metadata"), new Key("annotations"), new Key("example.com/rev")),
                YamlPath.parse("f.yaml", "metadata.annotations[\"example.com/rev\"]").segments());
        assertEquals(List.of(new Key("a.b"), new Key("c")), YamlPath.parse("f.yaml", "['a.b'].c").segments());
        assertEquals(List.of(new Key("it's")), YamlPath.parse("f.yaml", "['it''s']").segments());
        assertEquals(List.of(new Key("say \"x\"")), YamlPath.parse("f.yaml", "[\"say \\\"x\\\"\"]").segments());
    }

    @Test
    public void selectorValuesMayBeQuoted() {
        assertEquals(List.of(new Key("c"), new Selector("name", "a.b")),
                YamlPath.parse("f.yaml", "c[name=\"a.b\"]").segments());
    }

    @Test
    public void malformedPathsSayWhatIsWrong() {
        assertMalformed("", "it is empty");
        assertMalformed("a..b", "empty key at position 2");
        assertMalformed(".a", "empty key at position 0");
        assertMalformed("a.", "it ends with '.'");
        assertMalformed("a[0", "'[' at position 1 is never closed");
        assertMalformed("a[]", "empty brackets at position 1");
        assertMalformed("a[=x]", "selector at position 1 has no key before '='");
        assertMalformed("a[name=]", "selector at position 1 has no value after '='");
        assertMalformed("a[-1]", "[-1] at position 1 is neither a list index, a [key=value] selector nor a quoted key");
        assertMalformed("a[0]b", "expected '.' or '[' at position 4 after ']'");
        assertMalformed("a]b", "']' without '[' at position 1");
        assertMalformed("a[\"b]", "quote at position 2 is never closed");
        assertMalformed("a[\"b\"x]", "expected ']' after the quoted key");
        assertMalformed("a[99999999999]", "list index [99999999999] is too large");
    }

    private static void assertMalformed(String path, String reason) {
        EditException e = assertThrows(EditException.class, () -> YamlPath.parse("deploy.yaml", path));
        assertTrue(e.getMessage(), e.getMessage().startsWith("deploy.yaml: "));
        assertTrue(e.getMessage(), e.getMessage().contains("malformed path: " + reason));
        assertEquals(path, e.path());
    }

    @Test
    public void aHugePathFailsAtOnceNamingItsLength() {
        String huge = "a" + ".b".repeat(50_000);
        EditException e = assertThrows(EditException.class,
                () -> ManifestEdits.setValue("values.yaml", "a: {}\n".getBytes(StandardCharsets.UTF_8),
                        huge, "1", Map.of()));
        assertTrue(e.getMessage(), e.getMessage().contains("the path is 100001 characters long;"
                + " at most 2048 are accepted"));
        EditException parts = assertThrows(EditException.class,
                () -> YamlPath.parse("values.yaml", "a" + ".b".repeat(70)));
        assertTrue(parts.getMessage(),
                parts.getMessage().endsWith("the path has 71 parts; at most 64 are accepted"));
    }

    @Test
    public void aFileOverTheLimitIsNotEdited() {
        byte[] big = new byte[ManifestEdits.MAX_FILE_BYTES + 1];
        EditException e = assertThrows(EditException.class,
                () -> ManifestEdits.setValue("dump.yaml", big, "a", "1", Map.of()));
        assertTrue(e.getMessage(),
                e.getMessage().endsWith("the file is 16 MiB; files over 16 MiB are not edited"));
    }
}
