package io.jenkins.plugins.gitops.core.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;

public class ManifestEditsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void jsonIsChosenByFileName() {
        byte[] edited = ManifestEdits.setValue("values.JSON", bytes("{\"a\": 1}"), "a", "2", Map.of());
        assertEquals("{\"a\": 2}", new String(edited, StandardCharsets.UTF_8));
    }

    @Test
    public void sameValueReturnsTheInputUnchanged() {
        byte[] input = bytes("a: 'x' # c\n");
        assertArrayEquals(input, ManifestEdits.setValue("f.yaml", input, "a", "x", Map.of()));
    }

    @Test
    public void nullDocumentSelectorMeansNone() {
        byte[] edited = ManifestEdits.setValue("f.yaml", bytes("a: 1\n"), "a", "2", null);
        assertEquals("a: 2\n", new String(edited, StandardCharsets.UTF_8));
    }

    @Test
    public void errorsNameFilePathAndReason() {
        EditException e = assertThrows(EditException.class,
                () -> ManifestEdits.setValue("deploy.yaml", bytes("spec:\n  a: 1\n"), "spec", "x", Map.of()));
        assertEquals("deploy.yaml", e.file());
        assertEquals("spec", e.path());
        assertEquals("deploy.yaml: spec: points at a mapping, not a value", e.getMessage());
    }

    @Test
    public void invalidUtf8IsRefused() {
        EditException e = assertThrows(EditException.class,
                () -> ManifestEdits.setValue("f.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3}, "a", "x", Map.of()));
        assertEquals("f.yaml: the file is not valid UTF-8", e.getMessage());
    }

    @Test
    public void kustomizeNeedsAnImageName() {
        assertThrows(EditException.class,
                () -> ManifestEdits.setKustomizeImage("kustomization.yaml", bytes("images: []\n"), " ", null, "1", null));
    }
}
