package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/** The judging rules every wait shares: older states are not judged, and a pending answer leads to judging again. */
public class TargetWaitTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final WaitRuntime runtime = new WaitRuntime(scheduler, null, () -> TestSettings.FAST,
            () -> HttpProxy.NONE, Clock.systemUTC());

    @After
    public void tearDown() {
        scheduler.shutdownNow();
    }

    /** Records what it judges; the first look can be made to wait for an answer. */
    private static final class Recording extends TargetWait {
        final List<String> judged = new ArrayList<>();
        CompletableFuture<Void> answer;

        Recording(WaitRuntime runtime) {
            super(runtime, new WaitRequest(new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, "https://kube.example", "t",
                    null, "shop", "web"), null, Instant.now().plusSeconds(30)), WaitListener.NONE);
        }

        @Override
        protected void begin() {
        }

        @Override
        protected void onSnapshot(JsonNode object) {
            if (answer != null && !answer.isDone()) {
                throw new DeferredAncestry.Pending(answer);
            }
            judged.add(object.path("metadata").path("resourceVersion").asText());
        }

        @Override
        protected String details() {
            return "";
        }

        synchronized void deliver(String resourceVersion) {
            judge(version(resourceVersion));
        }
    }

    private static JsonNode version(String resourceVersion) {
        var object = JsonNodeFactory.instance.objectNode();
        object.putObject("metadata").put("resourceVersion", resourceVersion);
        return object;
    }

    @Test
    public void anOlderStateArrivingLateIsNotJudged() {
        Recording wait = new Recording(runtime);
        wait.start();

        wait.deliver("120");
        wait.deliver("118");
        wait.deliver("121");

        assertEquals(List.of("120", "121"), wait.judged);
    }

    @Test
    public void aPendingAnswerMakesTheWaitJudgeItsLatestStateAgain() throws Exception {
        Recording wait = new Recording(runtime);
        wait.answer = new CompletableFuture<>();
        wait.start();

        wait.deliver("120");
        wait.deliver("121");
        assertEquals("nothing judged while the answer is pending", List.of(), wait.judged);

        CompletableFuture.runAsync(() -> wait.answer.complete(null), scheduler).get(10, TimeUnit.SECONDS);

        synchronized (wait) {
            assertEquals("the latest state, once", List.of("121"), wait.judged);
        }
        assertTrue(wait.answer.isDone());
    }
}
