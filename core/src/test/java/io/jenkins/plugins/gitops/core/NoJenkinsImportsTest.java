package io.jenkins.plugins.gitops.core;

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

/** The engine must run without Jenkins (the CLI, the tests): no source file of core may use a Jenkins package. */
public class NoJenkinsImportsTest {
    private static final Pattern JENKINS = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(hudson|jenkins|org\\.kohsuke|org\\.jenkinsci)\\.", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])(hudson|jenkins|org\\.kohsuke|org\\.jenkinsci)\\.[a-z]+\\.[A-Za-z]");

    @Test
    public void coreSourcesUseNoJenkinsPackage() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue("run from the core module: " + sources.toAbsolutePath(), Files.isDirectory(sources));
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = JENKINS.matcher(text);
                if (m.find()) {
                    offenders.add(file + ": " + m.group().trim());
                }
                String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
                        .replaceAll("\"[^\"\\\\\n]*(\\\\.[^\"\\\\\n]*)*\"", "\"\"");
                Matcher q = QUALIFIED.matcher(code.replaceAll("(?m)^package .*$", ""));
                if (q.find()) {
                    offenders.add(file + ": " + q.group());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
