package io.jenkins.plugins.gitops.core.git;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.change.Change;
import io.jenkins.plugins.gitops.core.change.Replaced;
import io.jenkins.plugins.gitops.core.change.Undo;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the commit message: the caller's text, {@code [skip ci]} when asked, trailers that lead back to the build, and
 * what the commit replaced and reverts.
 */
final class CommitMessage {
    static final String CHANGE_ID = "Gitops-Change-Id";
    public static final String REVERTS = "Reverts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommitMessage() {}

    static String of(CommitRequest r) {
        return of(r, List.of());
    }

    /** @param replaced the values the commit replaces on its parent, as {@code Gitops-Replaced} trailers */
    static String of(CommitRequest r, List<Replaced> replaced) {
        String text = r.message().strip().replace("\r\n", "\n");
        int nl = text.indexOf('\n');
        String subject = nl < 0 ? text : text.substring(0, nl).strip();
        String body = nl < 0 ? "" : text.substring(nl + 1).strip();
        if (r.skipCi() && !subject.contains("[skip ci]")) subject = subject + " [skip ci]";

        List<String> trailers = new ArrayList<>();
        if (r.build() != null) {
            add(trailers, "Jenkins-Build-URL", r.build().url());
            add(trailers, "Jenkins-Job", r.build().job());
            add(trailers, "Jenkins-Build-Number", r.build().number());
        }
        add(trailers, CHANGE_ID, r.idempotencyKey());
        SourceCommit s = r.source();
        if (s != null) {
            add(trailers, "Argocd-reference-commit-repourl", Urls.redact(s.repoUrl()));
            add(trailers, "Argocd-reference-commit-sha", s.sha());
            add(trailers, "Argocd-reference-commit-author", s.author());
            add(trailers, "Argocd-reference-commit-date", s.date());
            add(trailers, "Argocd-reference-commit-subject", s.subject());
            if (s.body() != null && !s.body().isBlank()) add(trailers, "Argocd-reference-commit-body", json(s.body().strip()));
        }
        for (Change c : r.changes()) {
            if (c instanceof Undo undo) add(trailers, REVERTS, undo.commit());
        }
        for (Replaced v : replaced) trailers.add(v.trailer());
        StringBuilder m = new StringBuilder(subject).append('\n');
        if (!body.isEmpty()) m.append('\n').append(body).append('\n');
        if (!trailers.isEmpty()) m.append('\n').append(String.join("\n", trailers)).append('\n');
        return m.toString();
    }

    private static void add(List<String> trailers, String key, String value) {
        if (value == null || value.isBlank()) return;
        trailers.add(key + ": " + value.replaceAll("[\\r\\n]+", " ").strip());
    }

    private static String json(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
