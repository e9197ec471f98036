package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import hudson.model.Descriptor.FormException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;
import org.junit.Test;
import org.kohsuke.stapler.StaplerRequest2;

public class GitopsConfigurationTest {
    @Test
    public void duplicateRepositoryNamesAreRefusedNamingTheDuplicate() {
        GitopsConfiguration c = new GitopsConfiguration();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> c.setRepositories(List.of(
                new ConfigRepository("shop", "https://git.example.com/a.git"),
                new ConfigRepository("infra", "https://git.example.com/b.git"),
                new ConfigRepository("shop", "https://git.example.com/c.git"))));
        assertEquals("The config repository name 'shop' is used twice; names must be unique", e.getMessage());
        assertEquals("repositories", e.getField());
        assertEquals("nothing was taken", List.of(), c.getRepositories());
    }

    @Test
    public void namesThatDifferOnlyInCaseAreDuplicatesToo() {
        GitopsConfiguration c = new GitopsConfiguration();
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> c.setArgoCdServers(List.of(
                new ArgoCdServer("Prod", "https://a.example.com"), new ArgoCdServer("prod", "https://b.example.com"))));
        assertEquals("The Argo CD server name 'prod' is used twice (as 'Prod'); names must be unique", e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> c.setKubernetesClusters(List.of(
                new KubernetesCluster("prod", "https://a.example.com"), new KubernetesCluster("prod", "https://b.example.com"))));
        assertEquals("The Kubernetes cluster name 'prod' is used twice; names must be unique", e.getMessage());
        assertEquals("kubernetesClusters", e.getField());
    }

    @Test
    public void theSameNameMayBeUsedInDifferentLists() {
        GitopsConfiguration c = new GitopsConfiguration();
        c.setRepositories(List.of(new ConfigRepository("prod", "https://git.example.com/a.git")));
        c.setArgoCdServers(List.of(new ArgoCdServer("prod", "https://argocd.example.com")));
        c.setKubernetesClusters(List.of(new KubernetesCluster("prod", "https://k8s.example.com")));
        assertEquals("https://git.example.com/a.git", c.repository("prod").orElseThrow().getUrl());
        assertEquals("https://argocd.example.com", c.argoCdServer("prod").orElseThrow().getUrl());
        assertEquals("https://k8s.example.com", c.cluster("prod").orElseThrow().getServerUrl());
    }

    @Test
    public void lookupsAreByExactName() {
        GitopsConfiguration c = Fixtures.everyFieldSet();
        assertEquals("git@git.example.com:platform/infra.git", c.repository("infra").orElseThrow().getUrl());
        assertFalse(c.repository("Infra").isPresent());
        assertFalse(c.repository(null).isPresent());
        assertFalse(c.argoCdServer("nope").isPresent());
        assertFalse(c.cluster("nope").isPresent());
    }

    @Test
    public void listsCannotBeChangedBehindTheConfigurationsBack() {
        GitopsConfiguration c = Fixtures.everyFieldSet();
        assertThrows(UnsupportedOperationException.class, () -> c.getRepositories().clear());
    }

    @Test
    public void defaults() {
        GitopsConfiguration c = new GitopsConfiguration();
        assertEquals(600, c.getWaitTimeoutSeconds());
        assertEquals(5, c.getPollIntervalSeconds());
        ConfigRepository r = new ConfigRepository("shop", "https://git.example.com/shop.git");
        assertEquals(10, r.getPushAttempts());
        assertFalse(r.isAcceptUnknownHosts());
        assertEquals(null, r.getDefaultBranch());
    }

    @Test
    public void numbersBelowOneAreRefused() {
        GitopsConfiguration c = new GitopsConfiguration();
        assertEquals("'waitTimeoutSeconds' must be at least 1, not 0",
                assertThrows(InvalidSettingException.class, () -> c.setWaitTimeoutSeconds(0)).getMessage());
        assertThrows(InvalidSettingException.class, () -> c.setPollIntervalSeconds(-1));
        ConfigRepository r = new ConfigRepository("shop", "https://git.example.com/shop.git");
        assertThrows(InvalidSettingException.class, () -> r.setPushAttempts(0));
    }

    @Test
    public void entriesNeedANameAndARemoteUrl() {
        assertEquals("Config repository: 'name' is required",
                assertThrows(InvalidSettingException.class, () -> new ConfigRepository(" ", "https://x/y.git")).getMessage());
        assertEquals("Config repository 'shop': 'url' is required",
                assertThrows(InvalidSettingException.class, () -> new ConfigRepository("shop", "")).getMessage());
        assertTrue(assertThrows(InvalidSettingException.class, () -> new ConfigRepository("shop", "file:///srv/git/shop.git"))
                .getMessage().contains("file: URLs are not accepted"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> new ConfigRepository("shop", "/srv/git/shop.git"))
                .getMessage().contains("local paths are not accepted"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> new ArgoCdServer("a", "argocd.example.com"))
                .getMessage().contains("is not an https:// (or http://) URL"));
        assertEquals("serverUrl", assertThrows(InvalidSettingException.class,
                () -> new KubernetesCluster("k", "ftp://k8s")).getField());
    }

    @Test
    public void blankOptionalValuesBecomeNull() {
        ConfigRepository r = new ConfigRepository(" shop ", " https://git.example.com/shop.git ");
        r.setCredentialsId("  ");
        r.setDefaultBranch("");
        assertEquals("shop", r.getName());
        assertEquals("https://git.example.com/shop.git", r.getUrl());
        assertEquals(null, r.getCredentialsId());
        assertEquals(null, r.getDefaultBranch());
    }

    @Test
    public void theWebFormReplacesTheListsWholesale() throws Exception {
        GitopsConfiguration c = Fixtures.everyFieldSet();
        boolean saved = c.configure(request(bean -> {
            GitopsConfiguration g = (GitopsConfiguration) bean;
            g.setRepositories(List.of(new ConfigRepository("only", "https://git.example.com/only.git")));
            g.setWaitTimeoutSeconds(30);
        }), null);
        assertTrue(saved);
        assertEquals(List.of("only"), c.getRepositories().stream().map(ConfigRepository::getName).toList());
        assertEquals("a list the form did not send was emptied", List.of(), c.getArgoCdServers());
        assertEquals(List.of(), c.getKubernetesClusters());
        assertEquals(30, c.getWaitTimeoutSeconds());
    }

    @Test
    public void aRefusedFormChangesNothingAndNamesTheDuplicate() {
        GitopsConfiguration c = Fixtures.everyFieldSet();
        var before = GitopsConfigurationXStreamTest.properties(c);
        FormException e = assertThrows(FormException.class, () -> c.configure(request(bean -> {
            GitopsConfiguration g = (GitopsConfiguration) bean;
            g.setWaitTimeoutSeconds(99);
            g.setKubernetesClusters(List.of(new KubernetesCluster("prod", "https://a.example.com"),
                    new KubernetesCluster("prod", "https://b.example.com")));
        }), null));
        assertEquals("The Kubernetes cluster name 'prod' is used twice; names must be unique", e.getMessage());
        assertEquals("kubernetesClusters", e.getFormField());
        assertEquals(before, GitopsConfigurationXStreamTest.properties(c));
    }

    @Test
    public void otherBindingFailuresAreNotDisguised() {
        GitopsConfiguration c = Fixtures.everyFieldSet();
        IllegalStateException boom = new IllegalStateException("binder broke");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> c.configure(request(bean -> {
            throw boom;
        }), null)));
        assertEquals(2, c.getRepositories().size());
    }

    /** Stapler's binder calls the setters and wraps what they throw; only bindJSON is used. */
    private static StaplerRequest2 request(Consumer<Object> binder) {
        return (StaplerRequest2) Proxy.newProxyInstance(StaplerRequest2.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("bindJSON")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    try {
                        binder.accept(args[0]);
                    } catch (InvalidSettingException e) {
                        throw new IllegalArgumentException("Failed to invoke a setter", e);
                    }
                    return null;
                });
    }
}
