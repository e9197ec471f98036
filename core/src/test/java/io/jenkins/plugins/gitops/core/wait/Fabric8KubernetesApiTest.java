package io.jenkins.plugins.gitops.core.wait;

import static io.jenkins.plugins.gitops.core.wait.ArgoCdWaitTest.assertDone;
import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.jenkins.plugins.gitops.core.wait.sim.ConfigRepo;
import io.jenkins.plugins.gitops.core.wait.sim.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The Kubernetes waits against an API server that is not ours: fabric8's mock in CRUD mode, driven by the test as the
 * controllers would (status patches). That mock answers a plain HTTP watch with a list instead of an event stream, so
 * these tests also hold the engine to falling back to polling instead of re-opening the watch in a loop.
 */
public class Fabric8KubernetesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kept here: a logger whose level is set must stay referenced. The mock logs every request at INFO. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");
    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final String KUSTOMIZATIONS = "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations";
    private static final String GIT_REPOSITORIES = "/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/shop/deployments";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private KubernetesMockServer api;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ConfigRepo repo;
    private Waits waits;

    @BeforeClass
    public static void quietMock() {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    @Before
    public void setUp() throws Exception {
        api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of(
                crd("kustomize.toolkit.fluxcd.io", "Kustomization", "kustomizations"),
                crd("source.toolkit.fluxcd.io", "GitRepository", "gitrepositories"))), false);
        api.init();
        repo = new ConfigRepo(tmp.newFolder("upstream.git"));
        waits = Waits.create(TestSettings.FAST);
    }

    @After
    public void tearDown() {
        waits.close();
        repo.close();
        api.destroy();
    }

    @Test
    public void kustomizationIsDoneWhenTheControllersReportOurCommit() throws Exception {
        String previous = repo.commit("previous");
        ObjectNode source = create(GIT_REPOSITORIES, Fixtures.load("flux/gitrepository-ready.json"));
        patchStatus(GIT_REPOSITORIES + "/shop-config", artifact(previous));
        ObjectNode kustomization = create(KUSTOMIZATIONS, Fixtures.load("flux/kustomization-ready.json"));
        long generation = kustomization.path("metadata").path("generation").asLong();
        patchStatus(KUSTOMIZATIONS + "/shop-web", applied(previous, generation));
        String ours = repo.commit("ours");

        FluxTarget target = new FluxTarget(FluxTarget.Kind.KUSTOMIZATION, api.url("/").replaceAll("/$", ""), "token", null,
                "flux-system", "shop-web");
        CompletableFuture<WaitOutcome> wait = waits.await(new WaitRequest(target,
                new ConfigCommit(ConfigRepo.URL, "main", "main", ours), Instant.now().plus(LIMIT)),
                repo.ancestry(tmp.newFolder("clone.git")), WaitListener.NONE);

        String token = awaitAnnotation(KUSTOMIZATIONS + "/shop-web");
        assertFalse("the GitRepository was asked first", annotation(get(GIT_REPOSITORIES + "/shop-config")).isEmpty());
        assertFalse(wait.isDone());
        patchStatus(GIT_REPOSITORIES + "/shop-config", artifact(ours));
        ObjectNode done = applied(ours, generation);
        ((ObjectNode) done.path("status")).put("lastHandledReconcileAt", token);
        patchStatus(KUSTOMIZATIONS + "/shop-web", done);

        WaitOutcome.Done outcome = assertDone(wait.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(ours, outcome.appliedRevision());
        assertTrue("polled, not re-watched in a loop: " + api.getRequestCount() + " requests",
                api.getRequestCount() < 200);
        assertEquals("shop-config", source.path("metadata").path("name").asText());
    }

    @Test
    public void deploymentRolloutIsDoneWhenItsStatusSaysSo() throws Exception {
        ObjectNode deployment = create(DEPLOYMENTS, Fixtures.load("kubernetes/deployment-rolling.json"));
        long generation = deployment.path("metadata").path("generation").asLong();
        ObjectNode rolling = JSON.createObjectNode();
        rolling.set("status", Fixtures.load("kubernetes/deployment-rolling.json").path("status").deepCopy());
        ((ObjectNode) rolling.path("status")).put("observedGeneration", generation);
        patchStatus(DEPLOYMENTS + "/web", rolling);

        RolloutTarget target = new RolloutTarget(RolloutTarget.Kind.DEPLOYMENT, api.url("/").replaceAll("/$", ""), "token",
                null, "shop", "web");
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<WaitOutcome> wait = waits.await(new WaitRequest(target, null, Instant.now().plus(LIMIT)), null,
                lines::add);
        awaitLine(lines, "new replicas have been updated");
        assertFalse(wait.isDone());

        ObjectNode complete = JSON.createObjectNode();
        complete.set("status", Fixtures.load("kubernetes/deployment-complete.json").path("status").deepCopy());
        ((ObjectNode) complete.path("status")).put("observedGeneration", generation);
        patchStatus(DEPLOYMENTS + "/web", complete);

        WaitOutcome.Done outcome = assertDone(wait.get(LIMIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(outcome.detail(), containsString("deployment \"web\" successfully rolled out"));
        assertTrue("polled, not re-watched in a loop: " + api.getRequestCount() + " requests",
                api.getRequestCount() < 200);
    }

    private static CustomResourceDefinitionContext crd(String group, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion("v1").withKind(kind)
                .withPlural(plural).withScope("Namespaced").build();
    }

    /** Creates the fixture object as a client would: without the server's own metadata and without status. */
    private ObjectNode create(String collection, ObjectNode object) throws Exception {
        ObjectNode metadata = (ObjectNode) object.path("metadata");
        metadata.remove(List.of("uid", "resourceVersion", "generation", "creationTimestamp", "annotations"));
        object.remove("status");
        return send("POST", collection, object, "application/json");
    }

    private void patchStatus(String path, ObjectNode status) throws Exception {
        send("PATCH", path + "/status", status, "application/merge-patch+json");
    }

    private ObjectNode get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    private ObjectNode send(String method, String path, JsonNode body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url(path)));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(method + " " + path + ": " + response.body(), 2, response.statusCode() / 100);
        return (ObjectNode) JSON.readTree(response.body());
    }

    private static ObjectNode artifact(String sha) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode status = patch.putObject("status");
        status.set("artifact", Fixtures.load("flux/gitrepository-ready.json").path("status").path("artifact").deepCopy());
        ((ObjectNode) status.path("artifact")).put("revision", "main@sha1:" + sha);
        status.set("conditions", Fixtures.load("flux/gitrepository-ready.json").path("status").path("conditions").deepCopy());
        return patch;
    }

    private static ObjectNode applied(String sha, long generation) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode status = patch.putObject("status");
        status.put("lastAppliedRevision", "main@sha1:" + sha);
        status.put("lastAttemptedRevision", "main@sha1:" + sha);
        status.put("observedGeneration", generation);
        ArrayNode conditions = status.putArray("conditions");
        for (JsonNode condition : Fixtures.load("flux/kustomization-ready.json").path("status").path("conditions")) {
            ObjectNode copy = condition.deepCopy();
            copy.put("observedGeneration", generation);
            if (copy.path("type").asText().equals("Ready")) {
                copy.put("message", "Applied revision: main@sha1:" + sha);
            }
            conditions.add(copy);
        }
        return patch;
    }

    private static String annotation(JsonNode object) {
        return object.path("metadata").path("annotations").path("reconcile.fluxcd.io/requestedAt").asText("");
    }

    /** The reconcile request's token, once the wait has annotated the object. */
    private String awaitAnnotation(String path) throws Exception {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            String token = annotation(get(path));
            if (!token.isEmpty()) {
                return token;
            }
            assertTrue("no reconcile request on " + path + " within " + LIMIT, System.nanoTime() < end);
            LockSupport.parkNanos(10_000_000);
        }
    }

    private static void awaitLine(List<String> lines, String text) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (lines.stream().noneMatch(line -> line.contains(text))) {
            assertTrue("no line with '" + text + "' within " + LIMIT + ": " + lines, System.nanoTime() < end);
            LockSupport.parkNanos(10_000_000);
        }
    }
}
