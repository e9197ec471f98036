package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.GitopsRunAction.CommitRecord;
import io.jenkins.plugins.gitops.GitopsRunAction.WaitRecord;
import io.jenkins.plugins.gitops.testing.FakeRun;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class GitopsRunActionTest {
    private static final String SHA1 = "fa7698a487b569a305c5364589b53ac98d6626e9";
    private static final String SHA2 = "ee096db639af1d7adc5bdf6b8ec044c2058a9417";
    private final FakeRun run = new FakeRun("shop/deploy", 42);

    @Test
    public void oneActionPerBuildAtGitops() {
        GitopsRunAction action = GitopsRunAction.of(run);
        assertSame(action, GitopsRunAction.of(run));
        assertEquals(1, run.actions().size());
        assertEquals("gitops", action.getUrlName());
        assertEquals("GitOps", action.getDisplayName());
    }

    /**
     * Core 2.541.3 has no {@code commit} symbol (war/src/main/resources/images/symbols), so the plugin ships its own,
     * which core's {@code org.jenkins.ui.symbol.Symbol} loads from {@code images/symbols/NAME.svg} of the plugin named.
     */
    @Test
    public void theIconIsASymbolThePluginShips() throws Exception {
        String icon = GitopsRunAction.of(run).getIconFileName();
        assertEquals("symbol-gitops-commit plugin-gitops-bridge", icon);
        String name = icon.split(" ")[0].substring("symbol-".length());
        try (java.io.InputStream svg = GitopsRunAction.class.getResourceAsStream("/images/symbols/" + name + ".svg")) {
            org.w3c.dom.Element root = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(svg).getDocumentElement();
            assertEquals("svg", root.getTagName());
            assertFalse("sized by its viewBox, coloured by the theme", root.getAttribute("viewBox").isEmpty());
        }
    }

    @Test
    public void commitsAreListedInOrderAndSaved() {
        GitopsRunAction.recordCommit(run, commit("https://github.com/acme/shop-config.git", SHA1));
        GitopsRunAction.recordCommit(run, commit("https://git.example.com/platform/other.git", SHA2));

        GitopsRunAction action = GitopsRunAction.of(run);
        List<CommitRecord> commits = action.getCommits();
        assertEquals(2, commits.size());
        assertEquals("https://github.com/acme/shop-config/commit/" + SHA1, commits.get(0).getLink());
        assertNull(commits.get(1).getLink());
        assertEquals(List.of("apps/shop/values.yaml"), commits.get(0).getFiles());
        assertEquals("fa7698a487b5", commits.get(0).getShortSha());
        assertSame(commits.get(1), action.lastCommit());
        assertEquals("saved after each record", 2, run.saves());
    }

    @Test
    public void commitsAreFoundByFullOrAbbreviatedSha() {
        GitopsRunAction.recordCommit(run, commit("https://github.com/acme/shop-config.git", SHA1));
        GitopsRunAction action = GitopsRunAction.of(run);
        assertEquals(SHA1, action.findCommit(SHA1.toUpperCase()).getSha());
        assertEquals(SHA1, action.findCommit("fa7698a").getSha());
        assertNull("too short to be sure", action.findCommit("fa76"));
        assertNull(action.findCommit(SHA2));
    }

    @Test
    public void waitsKeepOutcomeDurationAndReason() {
        GitopsRunAction.recordWait(run, new WaitRecord("Argo CD application shop/shop-web", SHA1,
                WaitRecord.Result.FAILED, Duration.ofSeconds(65), "sync failed: one or more objects failed to apply"));
        WaitRecord wait = GitopsRunAction.of(run).getWaits().get(0);
        assertEquals(WaitRecord.Result.FAILED, wait.getResult());
        assertFalse(wait.isSucceeded());
        assertEquals("1m 05s", wait.getDuration());
        assertEquals("sync failed: one or more objects failed to apply", wait.getMessage());
        assertEquals("42s", new WaitRecord("t", null, WaitRecord.Result.DONE, Duration.ofMillis(42_400), "").getDuration());
        assertEquals("2h 03m", new WaitRecord("t", null, WaitRecord.Result.DONE, Duration.ofMinutes(123), "").getDuration());
    }

    @Test
    public void noSecretReachesTheAction() throws Exception {
        GitopsRunAction.recordCommit(run, new CommitRecord("https://bot:glpat-S3cr3tT0k3n@gitlab.com/acme/shop-config.git",
                "main", null, SHA1, List.of("a.yaml"), true, "config-repo-bot"));

        CommitRecord commit = GitopsRunAction.of(run).getCommits().get(0);
        assertEquals("https://gitlab.com/acme/shop-config.git", commit.getRepository());
        assertEquals("https://gitlab.com/acme/shop-config/-/commit/" + SHA1, commit.getLink());
        for (String value : fieldValues(commit)) {
            assertFalse(value, value.contains("S3cr3t") || value.contains("bot:"));
        }
        assertEquals("only the ID is kept", "config-repo-bot", commit.credentialsId());
    }

    private static CommitRecord commit(String url, String sha) {
        return new CommitRecord(url, "main", "main", sha, List.of("apps/shop/values.yaml"), true, "bot");
    }

    /** Every stored field as text: what XStream would write to build.xml. */
    private static List<String> fieldValues(Object o) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field f : o.getClass().getDeclaredFields()) {
            f.setAccessible(true);
            values.add(String.valueOf(f.get(o)));
        }
        return values;
    }
}
