package io.jenkins.plugins.gitops.core.edit;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** What differs between two versions of a manifest, in values only: a table of cases. */
public class ScalarChangesTest {
    private record Case(String why, String file, String before, String after, Optional<List<ScalarChanges.Change>> expected) {}

    private static Optional<List<ScalarChanges.Change>> changes(ScalarChanges.Change... c) {
        return Optional.of(List.of(c));
    }

    private static final List<Case> CASES = List.of(
            new Case("a value", "v.yaml", "web:\n  tag: \"1.0\"\n  replicas: 2\n", "web:\n  tag: \"1.1\"\n  replicas: 2\n",
                    changes(new ScalarChanges.Change("web.tag", Map.of(), "1.0", "1.1"))),
            new Case("two values, a list entry among them", "v.yaml", "a: 1\nl:\n- x\n- y\n", "a: 2\nl:\n- x\n- z\n",
                    changes(new ScalarChanges.Change("a", Map.of(), "1", "2"),
                            new ScalarChanges.Change("l[1]", Map.of(), "y", "z"))),
            new Case("a key that needs quoting", "v.yaml", "metadata:\n  annotations:\n    example.com/rev: \"1\"\n",
                    "metadata:\n  annotations:\n    example.com/rev: \"2\"\n",
                    changes(new ScalarChanges.Change("metadata.annotations[\"example.com/rev\"]", Map.of(), "1", "2"))),
            new Case("nothing", "v.yaml", "a: 1\n", "a: 1 # same\n", changes()),
            new Case("a key added", "v.yaml", "a: 1\n", "a: 1\nb: 2\n", Optional.empty()),
            new Case("a list grown", "v.yaml", "l: [1]\n", "l: [1, 2]\n", Optional.empty()),
            new Case("keys reordered", "v.yaml", "a: 1\nb: 2\n", "b: 2\na: 1\n", Optional.empty()),
            new Case("a value became a mapping", "v.yaml", "a: 1\n", "a:\n  b: 1\n", Optional.empty()),
            new Case("one document of several, by kind and name", "all.yaml",
                    "kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n---\nkind: Service\nmetadata:\n  name: web\n",
                    "kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n---\nkind: Service\nmetadata:\n  name: web\n",
                    changes(new ScalarChanges.Change("spec.replicas", Map.of("kind", "Deployment", "name", "web"), "2", "3"))),
            new Case("several documents without names", "all.yaml", "a: 1\n---\nb: 1\n", "a: 2\n---\nb: 1\n",
                    Optional.empty()),
            new Case("JSON", "v.json", "{\"image\": {\"tag\": \"1.0\"}}\n", "{\"image\": {\"tag\": \"1.1\"}}\n",
                    changes(new ScalarChanges.Change("image.tag", Map.of(), "1.0", "1.1"))),
            new Case("not YAML", "v.yaml", "a: [\n", "a: 1\n", Optional.empty()));

    @Test
    public void eachCase() {
        for (Case c : CASES) {
            assertEquals(c.why(), c.expected(), ScalarChanges.between(c.file(), c.before().getBytes(StandardCharsets.UTF_8),
                    c.after().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    public void everyPathFoundSetsTheValueBackExactly() {
        for (Case c : CASES) {
            byte[] after = c.after().getBytes(StandardCharsets.UTF_8);
            for (ScalarChanges.Change change : c.expected().orElse(List.of())) {
                after = ManifestEdits.setValue(c.file(), after, change.path(), change.was(), change.document());
            }
            if (c.expected().isPresent() && !c.why().equals("nothing")) {
                assertEquals(c.why(), c.before(), new String(after, StandardCharsets.UTF_8));
            }
        }
    }
}
