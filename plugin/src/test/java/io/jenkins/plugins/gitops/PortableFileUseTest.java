package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Code that runs on agents and controllers, some of them on Windows, may not assume POSIX: no {@code /dev/null} or
 * {@code /tmp}, no shelling out, and POSIX permissions only behind a check that the file system has them. Scans the
 * sources of the engine and of the plugin (the CLI runs on the user's machine, where the same holds).
 */
public class PortableFileUseTest {
    private static final Pattern POSIX_ONLY = Pattern.compile("/dev/null|\"/tmp\\b|\"/bin/|ProcessBuilder|Runtime\\.getRuntime");
    private static final Pattern POSIX_PERMISSIONS = Pattern.compile("PosixFilePermission|\"posix:");

    @Test
    public void noSourceAssumesPosix() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path sources : List.of(Path.of("src/main/java"), Path.of("../core/src/main/java"), Path.of("../cli/src/main/java"))) {
            assertTrue("run from the plugin module: " + sources.toAbsolutePath(), Files.isDirectory(sources));
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String code = Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", "")
                            .replaceAll("//[^\n]*", "");
                    Matcher m = POSIX_ONLY.matcher(code);
                    if (m.find()) {
                        offenders.add(file.getFileName() + ": " + m.group());
                    }
                    if (POSIX_PERMISSIONS.matcher(code).find() && !code.contains("supportedFileAttributeViews")) {
                        offenders.add(file.getFileName() + ": POSIX permissions without a check that the file system has them");
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
