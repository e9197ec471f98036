package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

/** Usage and help, whichever command a run names: a run builds only the command it runs, help lists them all. */
public class UsageTest {
    private static final Map<String, String> ENV = Map.of();

    @Test
    public void helpListsEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"help"}, {}}) {
            CliRun run = CliRun.of(ENV, args);
            assertEquals(String.join(" ", args), 0, run.exitCode());
            for (String command : new String[] {"commit", "revert", "wait", "help"}) {
                assertTrue(String.join(" ", args) + " lists " + command + ":\n" + run.out(),
                        run.out().matches("(?s).*\\n  " + command + " .*"));
            }
        }
    }

    @Test
    public void helpOfOneCommand() {
        assertTrue(CliRun.of(ENV, "help", "commit").out().startsWith("Usage: gitops commit "));
        assertTrue(CliRun.of(ENV, "commit", "--help").out().startsWith("Usage: gitops commit "));
        assertTrue(CliRun.of(ENV, "help", "wait").out().startsWith("Usage: gitops wait "));
        assertTrue(CliRun.of(ENV, "wait", "argocd", "--help").out().startsWith("Usage: gitops wait argocd "));
        assertTrue(CliRun.of(ENV, "revert", "--help").out().startsWith("Usage: gitops revert "));
    }

    @Test
    public void anUnknownCommandIsNamed() {
        CliRun run = CliRun.of(ENV, "comit", "--repo", "x");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err(), run.err().startsWith("gitops: Unmatched arguments from index 0: 'comit'"));
        assertTrue(run.err(), run.err().contains("Run 'gitops --help' for its options."));
    }

    @Test
    public void aMissingOptionNamesTheCommand() {
        CliRun run = CliRun.of(ENV, "commit");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("gitops: Missing required option: '--repo=URL'\nRun 'gitops commit --help' for its options.\n", run.err());
    }
}
