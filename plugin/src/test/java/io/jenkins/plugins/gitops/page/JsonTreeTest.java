package io.jenkins.plugins.gitops.page;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Test;

/** Jenkins' {@code tree} parameter, read as Stapler's NamedPathPruner reads it, over the build page's JSON. */
public class JsonTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "{\"_class\":\"x\",\"commits\":[{\"sha\":\"a\",\"files\":[\"f\"]},"
            + "{\"sha\":\"b\",\"files\":[]},{\"sha\":\"c\",\"files\":[]}],\"waits\":[{\"result\":\"DONE\",\"message\":\"m\"}]}";

    private static String pruned(String tree) throws Exception {
        return JSON.writeValueAsString(JsonTree.parse(tree).prune(JSON.readTree(RECORD)));
    }

    @Test
    public void namesBracketsStarsAndRanges() throws Exception {
        String[][] table = {
            {"waits", "{\"waits\":[{\"result\":\"DONE\",\"message\":\"m\"}]}"},
            {"commits[sha]", "{\"commits\":[{\"sha\":\"a\"},{\"sha\":\"b\"},{\"sha\":\"c\"}]}"},
            {"commits[sha]{1}", "{\"commits\":[{\"sha\":\"b\"}]}"},
            {"commits[sha]{1,}", "{\"commits\":[{\"sha\":\"b\"},{\"sha\":\"c\"}]}"},
            {"commits[sha]{,2}", "{\"commits\":[{\"sha\":\"a\"},{\"sha\":\"b\"}]}"},
            {"commits[sha]{0,1},waits[result]", "{\"commits\":[{\"sha\":\"a\"}],\"waits\":[{\"result\":\"DONE\"}]}"},
            {"*[sha,result]", "{\"_class\":\"x\",\"commits\":[{\"sha\":\"a\"},{\"sha\":\"b\"},{\"sha\":\"c\"}],"
                    + "\"waits\":[{\"result\":\"DONE\"}]}"},
            {"nothing", "{}"},
        };
        for (String[] row : table) {
            assertEquals(row[0], row[1], pruned(row[0]));
        }
    }

    @Test
    public void malformedTreesAreRefusedSayingWhere() {
        for (String bad : new String[] {"", "commits[", "commits[sha", "a,,b", "commits]", "commits{1", "[sha]"}) {
            IllegalArgumentException e = assertThrows(bad, IllegalArgumentException.class, () -> JsonTree.parse(bad));
            assertEquals(bad, true, e.getMessage().startsWith("Malformed tree expression at position "));
        }
    }
}
