package io.jenkins.plugins.gitops.core.edit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A file's text without its byte-order mark, plus what is needed to write it back the same way: whether it had a BOM
 * and which line ending it uses. Parsers report positions in code points; {@link #charIndex} turns them into
 * {@code String} indexes, which differ once a character outside the BMP (an emoji) comes first.
 */
record SourceText(String text, boolean bom, String lineEnding) {
    private static final char BOM = '\uFEFF';

    static SourceText decode(String file, byte[] content) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EditException(file, null, "the file is not valid UTF-8");
        }
        boolean bom = !decoded.isEmpty() && decoded.charAt(0) == BOM;
        String text = bom ? decoded.substring(1) : decoded;
        int lf = text.indexOf('\n');
        String lineEnding = lf > 0 && text.charAt(lf - 1) == '\r' ? "\r\n" : "\n";
        return new SourceText(text, bom, lineEnding);
    }

    byte[] encode(String newText) {
        return ((bom ? String.valueOf(BOM) : "") + newText).getBytes(StandardCharsets.UTF_8);
    }

    int charIndex(int codePointIndex) {
        return text.offsetByCodePoints(0, codePointIndex);
    }

    /** The index just after the line break that ends the line containing {@code index}, or the text's end. */
    int endOfLine(int index) {
        int lf = text.indexOf('\n', index);
        return lf < 0 ? text.length() : lf + 1;
    }

    int startOfLine(int index) {
        return text.lastIndexOf('\n', index - 1) + 1;
    }

    String apply(List<TextEdit> edits) {
        StringBuilder out = new StringBuilder(text);
        edits.stream()
                .sorted((a, b) -> a.start() != b.start() ? Integer.compare(b.start(), a.start())
                        : Integer.compare(b.end(), a.end()))
                .forEach(e -> out.replace(e.start(), e.end(), e.replacement()));
        return out.toString();
    }
}
