package io.jenkins.plugins.gitops.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;

/**
 * The {@code gitops} launcher script (src/main/launcher/gitops) with a probe jar in place of gitops.jar: the first run
 * makes the class data sharing archive and leaves nothing else behind, later runs map it, the caller sees only the
 * command's own output and exit status, and a broken archive is skipped. The probe loads picocli, whose classes have
 * an old class-file version (Java 5) that a dynamic archive leaves out.
 */
public class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/main/launcher/gitops");
    private static final long DEADLINE_SECONDS = 60;

    @Rule public final TemporaryFolder tmp = new TemporaryFolder();

    private Path jar;
    private Path cds;

    /** The probe: prints its arguments, builds a picocli model, exits with the status its first argument names. */
    public static final class Probe {
        public static void main(String[] args) {
            new CommandLine(new ProbeCommand());
            System.out.println("probe " + String.join(" ", args));
            System.exit(Integer.parseInt(args[0]));
        }
    }

    @CommandLine.Command(name = "probe")
    static final class ProbeCommand {
        @CommandLine.Option(names = "--flag") boolean flag;
    }

    @Before
    public void probeJar() throws IOException {
        Path folder = tmp.newFolder("lib").toPath();
        Files.copy(Path.of(jarOf(CommandLine.class)), folder.resolve("picocli.jar"));
        jar = folder.resolve("probe.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "picocli.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            addClass(out, Probe.class);
            addClass(out, ProbeCommand.class);
        }
        cds = tmp.getRoot().toPath().resolve("cds");
    }

    @Test
    public void firstRunMakesTheArchiveAndLaterRunsMapIt() throws Exception {
        Result first = launch(List.of(), "7", "a", "b");
        assertEquals("the command's exit status", 7, first.status);
        assertEquals("probe 7 a b\n", first.out);
        assertEquals("", first.err);
        List<String> files = files(cds);
        assertEquals("one archive and nothing else: " + files, 1, files.size());
        assertTrue(files.get(0), files.get(0).matches("gitops-\\d+\\.jsa"));

        Path classes = tmp.getRoot().toPath().resolve("classes.log");
        Result second = launch(List.of("GITOPS_JAVA_OPTS=-Xshare:on -Xlog:class+load=info:file=" + classes), "0");
        assertEquals(second.err, 0, second.status);
        assertEquals("probe 0\n", second.out);
        String loaded = Files.readString(classes);
        assertTrue("the probe's classes come from the archive",
                loaded.contains(Probe.class.getName() + " source: shared objects file"));
        assertTrue("picocli's classes too (class-file version 49, which a dynamic archive leaves out)",
                loaded.contains("picocli.CommandLine source: shared objects file"));
        assertEquals(files, files(cds));
    }

    @Test
    public void aBrokenArchiveIsSkippedQuietly() throws Exception {
        launch(List.of(), "0");
        Path archive = cds.resolve(files(cds).get(0));
        archive.toFile().setWritable(true);
        Files.writeString(archive, "not an archive");
        Result run = launch(List.of(), "3", "x");
        assertEquals(3, run.status);
        assertEquals("probe 3 x\n", run.out);
        assertEquals("", run.err);
    }

    @Test
    public void noArchiveWhenSwitchedOff() throws Exception {
        Result run = launch(List.of("GITOPS_CDS=off"), "0");
        assertEquals("probe 0\n", run.out);
        assertTrue(files(cds).isEmpty());
    }

    private Result launch(List<String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("GITOPS_JAR", jar.toString());
        builder.environment().put("GITOPS_CDS_DIR", cds.toString());
        builder.environment().remove("GITOPS_JAVA_OPTS");
        builder.environment().remove("GITOPS_CDS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        for (String pair : env) {
            int eq = pair.indexOf('=');
            builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Path out = tmp.newFile().toPath();
        Path err = tmp.newFile().toPath();
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not end within " + DEADLINE_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void addClass(JarOutputStream out, Class<?> c) throws IOException {
        String name = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (InputStream in = c.getClassLoader().getResourceAsStream(name)) {
            in.transferTo(out);
        }
        out.closeEntry();
    }

    private static java.net.URI jarOf(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int status, String out, String err) {}
}
