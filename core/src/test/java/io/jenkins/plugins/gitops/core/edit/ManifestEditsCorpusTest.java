package io.jenkins.plugins.gitops.core.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Runs every case under {@code edit-corpus/}: {@code input.*} is edited as {@code case.properties} says and must
 * equal {@code expected.*} byte for byte, or fail with a message containing {@code error}. An edit warns only where
 * {@code warning} says (a part of the warning); {@code notInWarning} is what the warning must not name.
 */
@RunWith(Parameterized.class)
public class ManifestEditsCorpusTest {
    private final Path dir;

    public ManifestEditsCorpusTest(String name, Path dir) {
        this.dir = dir;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() throws IOException, URISyntaxException {
        Path corpus = Path.of(ManifestEditsCorpusTest.class.getResource("/edit-corpus").toURI());
        List<Object[]> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(corpus)) {
            dirs.filter(Files::isDirectory).sorted().forEach(d -> cases.add(new Object[] {d.getFileName().toString(), d}));
        }
        return cases;
    }

    @Test
    public void edit() throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("case.properties"), StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Path input = find("input.");
        String file = props.getProperty("file", input.getFileName().toString());
        byte[] content = Files.readAllBytes(input);
        String error = props.getProperty("error");
        byte[] actual;
        List<String> warnings = new ArrayList<>();
        try {
            actual = run(props, file, content, warnings);
        } catch (EditException e) {
            if (error == null) {
                throw e;
            }
            assertTrue("message [" + e.getMessage() + "] should contain [" + error + "]", e.getMessage().contains(error));
            assertTrue("message [" + e.getMessage() + "] should name the file", e.getMessage().startsWith(file + ": "));
            return;
        }
        if (error != null) {
            fail("expected an error containing [" + error + "] but got:\n" + new String(actual, StandardCharsets.UTF_8));
        }
        byte[] expected = Files.readAllBytes(find("expected."));
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual);
        String warning = props.getProperty("warning");
        if (warning == null) {
            assertEquals(List.of(), warnings);
        } else {
            assertEquals(warnings.toString(), 1, warnings.size());
            assertTrue(warnings.get(0), warnings.get(0).contains(warning));
            String absent = props.getProperty("notInWarning");
            if (absent != null) assertTrue(warnings.get(0), !warnings.get(0).contains(absent));
        }
    }

    private static byte[] run(Properties props, String file, byte[] content, List<String> warnings) {
        if ("kustomizeImage".equals(props.getProperty("operation"))) {
            return ManifestEdits.setKustomizeImage(file, content, props.getProperty("name"),
                    props.getProperty("newName"), props.getProperty("newTag"), props.getProperty("digest"));
        }
        String path = props.getProperty("path");
        String value = props.getProperty("value");
        assertNotNull("case.properties needs path", path);
        return ManifestEdits.setValue(file, content, path, value, selector(props.getProperty("document", "")),
                ValueType.AUTO, warnings::add);
    }

    private static Map<String, String> selector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                selector.put(kv[0].strip(), kv[1].strip());
            }
        }
        return selector;
    }

    private Path find(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError(dir + " has no " + prefix + "* file"));
        }
    }
}
