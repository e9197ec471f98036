package io.jenkins.plugins.gitops.changes;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class YamlValueChangeTest {
    /**
     * {@code document: [kind: 'Deployment', 'spec.replicas': 3]}: structs' DescribableModel passes a map argument on
     * as it is (a Map parameter is not one it can describe or coerce), so the 3 arrives as an Integer.
     */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void documentValuesThatPipelineGivesAsNumbersAreReadAsText() {
        Map fromPipeline = new LinkedHashMap();
        fromPipeline.put("kind", "Deployment");
        fromPipeline.put("spec.replicas", 3);
        fromPipeline.put("spec.paused", false);
        YamlValueChange change = new YamlValueChange("apps/all.yaml", "spec.template.spec.containers[0].image", "web:2");
        change.setDocument(fromPipeline);

        assertEquals(Map.of("kind", "Deployment", "spec.replicas", "3", "spec.paused", "false"), change.getDocument());
    }
}
