package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Stapler reads {@code ${%Text(a, b)}} as a localized text with arguments, so a label such as
 * {@code ${%Timeout (seconds)}} would show as "Timeout" with an argument; views keep parentheses out of those texts.
 */
public class LocalizedTextTest {
    private static final Pattern LOCALIZED = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    public void noLocalizedTextHoldsParentheses() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            for (Path view : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jelly"))::iterator) {
                Matcher m = LOCALIZED.matcher(Files.readString(view));
                while (m.find()) {
                    if (m.group(1).contains("(") || m.group(1).contains(")")) {
                        problems.add(view + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
