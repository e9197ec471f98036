package io.jenkins.plugins.gitops.core.edit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON document as a tree of character spans, built from Jackson's token locations, so that an edit can replace
 * one value's characters and leave the file's own formatting alone.
 */
final class JsonSpans {
    private JsonSpans() {}

    sealed interface Span permits JsonObject, JsonArray, JsonScalar {
        int start();

        int end();
    }

    record JsonField(String name, int keyStart, int keyEnd, Span value) {}

    record JsonObject(int start, int end, List<JsonField> fields) implements Span {}

    record JsonArray(int start, int end, List<Span> items) implements Span {}

    /** A string, number, boolean or null; {@code value} is the decoded string or the literal as written. */
    record JsonScalar(int start, int end, JsonToken token, String value) implements Span {
        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }
    }

    static Span parse(String file, String text) {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            if (parser.nextToken() == null) {
                throw new EditException(file, null, "invalid JSON: the file is empty");
            }
            return read(parser, text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new EditException(file, null, "invalid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new EditException(file, null, "invalid JSON: " + e.getMessage());
        }
    }

    private static Span read(JsonParser parser, String text) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            List<JsonField> fields = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int keyStart = (int) parser.currentTokenLocation().getCharOffset();
                parser.nextToken();
                fields.add(new JsonField(name, keyStart, stringEnd(text, keyStart), read(parser, text)));
            }
            return new JsonObject(start, (int) parser.currentTokenLocation().getCharOffset() + 1, fields);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Span> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(parser, text));
            }
            return new JsonArray(start, (int) parser.currentTokenLocation().getCharOffset() + 1, items);
        }
        if (token == JsonToken.VALUE_STRING) {
            return new JsonScalar(start, stringEnd(text, start), token, parser.getText());
        }
        int end = start;
        while (end < text.length() && "+-.0123456789eEtruefalsn".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        return new JsonScalar(start, end, token, text.substring(start, end));
    }

    /** The index after the closing quote of the string starting at {@code start}. */
    private static int stringEnd(String text, int start) {
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != '"') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }
}
