package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.changes.YamlValueChange;
import io.jenkins.plugins.gitops.core.change.YamlValue;
import io.jenkins.plugins.gitops.testing.StructsModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * structs' parameter type rules ({@link StructsModel}, after the real ParameterType and DescribableModel) applied to
 * every step, wrapper, change, target and configuration class the plugin publishes, and to every type nested in them.
 */
public class StructsParameterTypesTest {
    private final StructsModel structs = new StructsModel(DescribableContractTest.allClasses());

    @Test
    public void structsDescribesEveryParameterOfEveryPublishedType() {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : DescribableContractTest.dataBoundTypes()) {
            problems.addAll(structs.undescribable(type));
        }
        assertEquals(List.of(), problems);
    }

    /** The form of {@code yamlValue}'s {@code document} before: a Map, which structs cannot describe. */
    public static final class MapDocument {
        @DataBoundConstructor
        public MapDocument() {
        }

        @DataBoundSetter
        public void setDocument(Map<String, ?> document) {
        }
    }

    @Test
    public void aMapParameterIsWhatTheRuleCatches() {
        assertEquals(List.of("MapDocument.document: java.util.Map<java.lang.String, ?> is an ErrorType"),
                structs.undescribable(MapDocument.class));
    }

    private Map<String, String> selectorOf(Map<String, ?> document) throws Exception {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("file", "apps/all.yaml");
        arguments.put("path", "spec.replicas");
        arguments.put("value", "3");
        arguments.put("document", document);
        YamlValueChange change = structs.instantiate(YamlValueChange.class, arguments);
        return ((YamlValue) change.toChange(Path.of("/workspace"))).document();
    }

    @Test
    public void theDocumentMapOfOldJenkinsfilesStillSelects() throws Exception {
        assertEquals(Map.of("kind", "Deployment", "name", "web"), selectorOf(Map.of("kind", "Deployment", "name", "web")));
        assertEquals(Map.of("apiVersion", "apps/v1", "namespace", "shop"),
                selectorOf(Map.of("apiVersion", "apps/v1", "namespace", "shop")));
    }

    @Test
    public void otherPathsGoInFields() throws Exception {
        assertEquals(Map.of("kind", "Deployment", "spec.replicas", "3", "metadata.labels.app", "web"),
                selectorOf(Map.of("kind", "Deployment", "fields", "spec.replicas=3, metadata.labels.app = web")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> selectorOf(Map.of("fields", "spec.replicas")));
        assertEquals("yamlValue: document fields entry 'spec.replicas' is not PATH=VALUE (entries are separated by commas)",
                e.getMessage());
    }

    @Test
    public void aKeyThatIsNoFieldIsNamedByStructs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> selectorOf(Map.of("kind", "Deployment", "spec.replicas", "3")));
        assertTrue(e.getMessage(), e.getMessage().endsWith("DocumentSelector': spec.replicas"));
    }
}
