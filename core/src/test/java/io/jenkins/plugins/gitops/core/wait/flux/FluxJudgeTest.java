package io.jenkins.plugins.gitops.core.wait.flux;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gitops.core.wait.Ancestry;
import io.jenkins.plugins.gitops.core.wait.ConfigCommit;
import io.jenkins.plugins.gitops.core.wait.FluxTarget;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import org.junit.Test;

public class FluxJudgeTest {

    private static final ConfigCommit OURS = new ConfigCommit("https://git.example.com/platform/shop-config.git", "main",
            "main", Fixtures.EXPECTED);

    private static final Ancestry FIXTURE_HISTORY = (ours, applied) -> {
        if (applied == null) {
            return Ancestry.Relation.UNKNOWN;
        }
        if (ours.startsWith(applied) || applied.startsWith(ours)) {
            return Ancestry.Relation.SAME;
        }
        return ours.equals(Fixtures.PREVIOUS) && Fixtures.EXPECTED.startsWith(applied) ? Ancestry.Relation.DESCENDANT
                : Ancestry.Relation.NOT_DESCENDANT;
    };

    private static FluxJudge.Verdict judge(FluxTarget.Kind kind, ObjectNode object) {
        FluxTarget target = new FluxTarget(kind, "https://k8s", "t", null, "flux-system", "shop-web");
        return new FluxJudge(target, OURS, FIXTURE_HISTORY).judge(new FluxObject(kind, object));
    }

    @Test
    public void readyKustomizationOnOurRevisionIsDone() {
        FluxJudge.Verdict verdict = judge(FluxTarget.Kind.KUSTOMIZATION, Fixtures.load("flux/kustomization-ready.json"));
        assertEquals(Fixtures.EXPECTED, ((FluxJudge.Verdict.Done) verdict).outcome().appliedRevision());
    }

    @Test
    public void reconcilingKustomizationIsBehind() {
        FluxJudge.Verdict verdict = judge(FluxTarget.Kind.KUSTOMIZATION,
                Fixtures.load("flux/kustomization-reconciling.json"));
        assertTrue(((FluxJudge.Verdict.Waiting) verdict).behind());
    }

    @Test
    public void healthCheckFailureOnOurRevisionIsBroken() {
        FluxJudge.Verdict verdict = judge(FluxTarget.Kind.KUSTOMIZATION, Fixtures.load("flux/kustomization-failed.json"));
        assertThat(((FluxJudge.Verdict.Broken) verdict).reason(),
                containsString("HealthCheckFailed: health check failed after 5m0.031846191s"));
    }

    @Test
    public void unobservedGenerationIsNotDone() {
        ObjectNode ready = Fixtures.load("flux/kustomization-ready.json");
        ready.with("metadata").put("generation", 5);
        assertTrue(judge(FluxTarget.Kind.KUSTOMIZATION, ready) instanceof FluxJudge.Verdict.Waiting);
    }

    @Test
    public void helmReleaseRevisionComesFromTheChartVersion() {
        FluxJudge.Verdict verdict = judge(FluxTarget.Kind.HELM_RELEASE, Fixtures.load("flux/helmrelease-ready.json"));
        assertEquals("fa7698a487b5", ((FluxJudge.Verdict.Done) verdict).outcome().appliedRevision());
    }

    @Test
    public void revisionFormats() {
        assertEquals(Fixtures.EXPECTED, FluxObject.commitOf("main@sha1:" + Fixtures.EXPECTED));
        assertEquals(Fixtures.EXPECTED, FluxObject.commitOf("refs/heads/main@sha1:" + Fixtures.EXPECTED));
        assertEquals(Fixtures.EXPECTED, FluxObject.commitOf("sha1:" + Fixtures.EXPECTED));
        assertEquals(Fixtures.EXPECTED, FluxObject.commitOf("main/" + Fixtures.EXPECTED));
        assertEquals("fa7698a487b5", FluxObject.commitOf("0.3.0+fa7698a487b5"));
        assertNull(FluxObject.commitOf("4.2.1"));
    }
}
