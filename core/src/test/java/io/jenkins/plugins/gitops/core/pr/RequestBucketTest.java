package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

/** The request bucket's arithmetic, at a rate slow enough that the test's own time does not count. */
public class RequestBucketTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    public void aJoiningWaitBringsOneRequestAndTheBurstCapsWhatFewWaitsSave() {
        RequestBucket bucket = new RequestBucket(HOUR, 3);
        bucket.join(1);
        assertEquals("one request for the first look", 1, bucket.spend(0, 1));
        for (int i = 2; i <= 6; i++) bucket.join(i);
        assertEquals("six waits may save six", 6, bucket.spend(0, 6));
        assertEquals("when one is left, the bucket keeps at most the burst", 3, bucket.spend(0, 1));
        assertEquals(1, bucket.spend(2, 1));
    }

    @Test
    public void theWaitForMoreRequestsShrinksWithMoreWaits() {
        RequestBucket bucket = new RequestBucket(HOUR, 3);
        long alone = bucket.nanosUntil(1, 1);
        long ten = bucket.nanosUntil(1, 10);
        assertTrue(alone + " vs " + ten, Math.abs(alone - HOUR.toNanos()) < Duration.ofSeconds(1).toNanos());
        assertTrue(alone + " vs " + ten, Math.abs(ten - HOUR.toNanos() / 10) < Duration.ofSeconds(1).toNanos());
        bucket.join(1);
        assertEquals(0, bucket.nanosUntil(1, 1));
    }
}
