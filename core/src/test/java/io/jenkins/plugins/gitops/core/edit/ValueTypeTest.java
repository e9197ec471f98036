package io.jenkins.plugins.gitops.core.edit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The type a value is written as: today's rule by default (a string that would read as a number is quoted; a number
 * replacing a number, integer or decimal, stays a number), or the type the caller names. YAML and JSON alike.
 */
public class ValueTypeTest {

    private record Row(String file, String before, String path, String value, ValueType type, String after) {}

    private static final List<Row> ROWS = List.of(
            new Row("a.yaml", "spec: {}\n", "spec.replicas", "3", ValueType.AUTO, "spec: {replicas: \"3\"}\n"),
            new Row("a.yaml", "spec:\n  x: 1\n", "spec.replicas", "3", ValueType.NUMBER, "spec:\n  x: 1\n  replicas: 3\n"),
            new Row("a.yaml", "spec:\n  replicas: 1\n", "spec.replicas", "1.5", ValueType.AUTO, "spec:\n  replicas: 1.5\n"),
            new Row("a.yaml", "tag: 1.9\n", "tag", "1.10", ValueType.STRING, "tag: \"1.10\"\n"),
            new Row("a.yaml", "tag: \"1.9\"\n", "tag", "1.10", ValueType.AUTO, "tag: \"1.10\"\n"),
            new Row("a.yaml", "replicas: \"3\"\n", "replicas", "3", ValueType.NUMBER, "replicas: 3\n"),
            new Row("a.yaml", "replicas: 3\n", "replicas", "3", ValueType.STRING, "replicas: \"3\"\n"),
            new Row("a.yaml", "paused: \"false\"\n", "paused", "true", ValueType.BOOLEAN, "paused: true\n"),
            new Row("a.json", "{\"spec\": {\"x\": 1}}", "spec.replicas", "3", ValueType.NUMBER,
                    "{\"spec\": {\"x\": 1, \"replicas\": 3}}"),
            new Row("a.json", "{\"replicas\": \"3\"}\n", "replicas", "3", ValueType.NUMBER, "{\"replicas\": 3}\n"),
            new Row("a.json", "{\"replicas\": 1}\n", "replicas", "1.5", ValueType.AUTO, "{\"replicas\": 1.5}\n"),
            new Row("a.json", "{\"tag\": 1}\n", "tag", "2", ValueType.STRING, "{\"tag\": \"2\"}\n"));

    @Test
    public void valuesAreWrittenAsTheTypeAskedFor() {
        for (Row row : ROWS) {
            byte[] after = ManifestEdits.setValue(row.file(), row.before().getBytes(StandardCharsets.UTF_8), row.path(),
                    row.value(), Map.of(), row.type());
            assertEquals(row.toString(), row.after(), new String(after, StandardCharsets.UTF_8));
        }
    }

    @Test
    public void aValueThatIsNotOfTheTypeIsRefusedNamingFileAndPath() {
        EditException e = assertThrows(EditException.class, () -> ManifestEdits.setValue("apps/web.yaml",
                "replicas: 1\n".getBytes(StandardCharsets.UTF_8), "replicas", "three", Map.of(), ValueType.NUMBER));
        assertEquals("apps/web.yaml: replicas: 'three' is not a number", e.getMessage());
        EditException b = assertThrows(EditException.class, () -> ManifestEdits.setValue("a.json",
                "{}".getBytes(StandardCharsets.UTF_8), "paused", "yes", Map.of(), ValueType.BOOLEAN));
        assertEquals("a.json: paused: 'yes' is not a boolean (true or false)", b.getMessage());
    }

    @Test
    public void typeNamesAreReadWithoutRegardToCase() {
        assertEquals(ValueType.NUMBER, ValueType.parse("number"));
        assertEquals(ValueType.BOOLEAN, ValueType.parse(" Boolean "));
        assertEquals(ValueType.AUTO, ValueType.parse(""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueType.parse("int"));
        assertEquals("'int' is not a value type: use auto, string, number or boolean", e.getMessage());
    }
}
