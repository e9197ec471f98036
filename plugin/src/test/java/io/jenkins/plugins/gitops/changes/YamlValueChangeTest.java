package io.jenkins.plugins.gitops.changes;

import static org.junit.Assert.assertEquals;

import io.jenkins.plugins.gitops.core.change.YamlValue;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

public class YamlValueChangeTest {
    @Test
    public void noDocumentSelectsNothing() {
        YamlValueChange change = new YamlValueChange("apps/web.yaml", "spec.replicas", "3");

        assertEquals(Map.of(), ((YamlValue) change.toChange(Path.of("/w"))).document());
    }

    @Test
    public void theSelectorsFieldsBecomeTheEnginesSelector() {
        DocumentSelector selector = new DocumentSelector();
        selector.setKind(" Deployment ");
        selector.setName("web");
        selector.setFields("spec.paused=false,,");
        YamlValueChange change = new YamlValueChange("apps/all.yaml", "spec.replicas", "3");
        change.setDocument(selector);

        assertEquals(Map.of("kind", "Deployment", "name", "web", "spec.paused", "false"),
                ((YamlValue) change.toChange(Path.of("/w"))).document());
    }

    @Test
    public void aTypeIsPassedOnAndAWrongOneIsNamed() {
        YamlValueChange change = new YamlValueChange("apps/web.yaml", "spec.replicas", "3");
        change.setType("number");

        assertEquals(io.jenkins.plugins.gitops.core.edit.ValueType.NUMBER,
                ((YamlValue) change.toChange(Path.of("/w"))).type());
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> change.setType("int"));
        assertEquals("yamlValue: type 'int' is not a value type: use auto, string, number or boolean", e.getMessage());
    }
}
