package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

public class SharedRequestTest {

    private final List<CompletableFuture<String>> sent = new ArrayList<>();
    private final SharedRequest<String> request = new SharedRequest<>(() -> {
        CompletableFuture<String> call = new CompletableFuture<>();
        sent.add(call);
        return call;
    });

    @Test
    public void waitsThatAskWhileOneIsInFlightShareTheNext() {
        CompletableFuture<String> first = request.sentAfter(System.nanoTime());
        List<CompletableFuture<String>> later = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            later.add(request.sentAfter(System.nanoTime()));
        }
        assertEquals("nothing more is sent while one is in flight", 1, sent.size());

        sent.get(0).complete("first");
        assertEquals("first", first.join());
        assertEquals("the next one is sent when the first ends", 2, sent.size());
        assertTrue(later.stream().noneMatch(CompletableFuture::isDone));

        sent.get(1).complete("second");
        assertTrue(later.stream().allMatch(f -> "second".equals(f.join())));
        assertEquals(2, sent.size());
    }

    @Test
    public void aRequestSentAfterTheQuestionServesIt() {
        long asked = System.nanoTime();
        CompletableFuture<String> first = request.sentAfter(System.nanoTime());
        assertSame(first, request.sentAfter(asked));
        assertEquals(1, sent.size());
    }

    @Test
    public void failuresAreSharedAndTheNextRequestIsStillSent() {
        CompletableFuture<String> first = request.sentAfter(System.nanoTime());
        CompletableFuture<String> second = request.sentAfter(System.nanoTime());
        sent.get(0).completeExceptionally(new IllegalStateException("503"));
        assertTrue(first.isCompletedExceptionally());
        assertFalse(second.isDone());
        sent.get(1).complete("ok");
        assertEquals("ok", second.join());
    }

    @Test
    public void afterAnAnswerTheNextQuestionSendsAgain() {
        request.sentAfter(System.nanoTime());
        sent.get(0).complete("first");
        request.sentAfter(System.nanoTime());
        assertEquals(2, sent.size());
    }
}
