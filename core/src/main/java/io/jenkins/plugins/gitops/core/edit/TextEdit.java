package io.jenkins.plugins.gitops.core.edit;

/** Replaces the characters {@code [start, end)} of a {@link SourceText} (an insertion when they are equal). */
record TextEdit(int start, int end, String replacement) {
    static TextEdit insert(int at, String text) {
        return new TextEdit(at, at, text);
    }

    TextEdit withReplacement(String text) {
        return new TextEdit(start, end, text);
    }
}
