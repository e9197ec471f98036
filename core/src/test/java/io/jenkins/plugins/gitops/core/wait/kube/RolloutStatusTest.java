package io.jenkins.plugins.gitops.core.wait.kube;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gitops.core.wait.RolloutTarget;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import org.junit.Test;

public class RolloutStatusTest {

    private static RolloutStatus.Result deployment(String fixture) {
        return RolloutStatus.of(RolloutTarget.Kind.DEPLOYMENT, Fixtures.load("kubernetes/" + fixture));
    }

    @Test
    public void deploymentFixturesFollowKubectl() {
        assertEquals("Waiting for deployment \"web\" rollout to finish: 2 out of 3 new replicas have been updated...",
                deployment("deployment-rolling.json").message());
        assertTrue(deployment("deployment-complete.json").complete());
        assertEquals("deployment \"web\" successfully rolled out", deployment("deployment-complete.json").message());
        assertTrue(deployment("deployment-deadline-exceeded.json").failed());
        assertEquals("Waiting for deployment spec update to be observed...",
                deployment("deployment-generation-not-observed.json").message());
    }

    @Test
    public void statefulSetRules() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String rolling = "{\"metadata\":{\"name\":\"db\",\"generation\":3},\"spec\":{\"replicas\":3},"
                + "\"status\":{\"observedGeneration\":3,\"readyReplicas\":3,\"updatedReplicas\":1,"
                + "\"currentRevision\":\"db-1\",\"updateRevision\":\"db-2\"}}";
        assertEquals("waiting for statefulset rolling update to complete 1 pods at revision db-2...",
                RolloutStatus.of(RolloutTarget.Kind.STATEFUL_SET, json.readTree(rolling)).message());
        String done = rolling.replace("\"currentRevision\":\"db-1\"", "\"currentRevision\":\"db-2\",\"currentReplicas\":3");
        assertTrue(RolloutStatus.of(RolloutTarget.Kind.STATEFUL_SET, json.readTree(done)).complete());
        String onDelete = rolling.replace("\"spec\":{", "\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\"},");
        assertTrue(RolloutStatus.of(RolloutTarget.Kind.STATEFUL_SET, json.readTree(onDelete)).failed());
    }

    @Test
    public void daemonSetRules() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String rolling = "{\"metadata\":{\"name\":\"agent\",\"generation\":2},\"spec\":{},\"status\":{"
                + "\"observedGeneration\":2,\"desiredNumberScheduled\":4,\"updatedNumberScheduled\":4,\"numberAvailable\":3}}";
        assertEquals("Waiting for daemon set \"agent\" rollout to finish: 3 of 4 updated pods are available...",
                RolloutStatus.of(RolloutTarget.Kind.DAEMON_SET, json.readTree(rolling)).message());
        assertTrue(RolloutStatus.of(RolloutTarget.Kind.DAEMON_SET,
                json.readTree(rolling.replace("\"numberAvailable\":3", "\"numberAvailable\":4"))).complete());
    }
}
