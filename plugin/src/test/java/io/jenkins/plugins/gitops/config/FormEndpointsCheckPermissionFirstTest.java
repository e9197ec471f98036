package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.springframework.security.access.AccessDeniedException;

/**
 * Whoever is not an administrator learns nothing from the GitOps page's endpoints: not which credentials exist, not
 * whether an ID is valid, and cannot make Jenkins connect anywhere. The permission check comes before any lookup.
 */
public class FormEndpointsCheckPermissionFirstTest {
    private final Gate gate = new Gate();
    private final Map<String, StandardCredentials> store = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private Supplier<AccessControlled> savedRoot;

    @Before
    public void install() {
        savedRoot = AdminPermission.root;
        AdminPermission.root = () -> gate;
        CredentialChoices.lookup = (id, url) -> {
            lookups.add(id + "@" + url);
            return store.get(id);
        };
        store.put("token", new TestCredentials.Token("token", "t0ken-value"));
        store.put("bot", new TestCredentials.UserPass("bot", "bot", "pa55word"));
    }

    @After
    public void restore() {
        AdminPermission.root = savedRoot;
        CredentialChoices.lookup = io.jenkins.plugins.gitops.credentials.GlobalCredentialLookup.JENKINS;
    }

    private static final List<Object> DESCRIPTORS = List.of(new ConfigRepository.DescriptorImpl(),
            new ArgoCdServer.DescriptorImpl(), new KubernetesCluster.DescriptorImpl());

    @Test
    public void testConnectionRefusesNonAdministratorsBeforeAnythingElse() throws Exception {
        int tested = 0;
        for (Object descriptor : DESCRIPTORS) {
            for (Method m : descriptor.getClass().getMethods()) {
                if (m.getName().startsWith("doTest")) {
                    Throwable thrown = assertThrows(InvocationTargetException.class,
                            () -> m.invoke(descriptor, arguments(m, "token"))).getCause();
                    assertTrue(m + " threw " + thrown, thrown instanceof AccessDeniedException);
                    tested++;
                }
            }
        }
        assertEquals(3, tested);
        assertEquals("no credentials were looked up", List.of(), lookups);
        assertEquals(List.of(Jenkins.ADMINISTER.getId()), gate.checked.stream().map(Permission::getId).distinct().toList());
    }

    @Test
    public void credentialListsShowNonAdministratorsOnlyTheCurrentValue() throws Exception {
        for (Object descriptor : DESCRIPTORS) {
            Method fill = method(descriptor, "doFillCredentialsIdItems");
            ListBoxModel items = (ListBoxModel) fill.invoke(descriptor, arguments(fill, "bot"));
            assertEquals(descriptor.getClass().getName(), 1, items.size());
            assertEquals("bot", items.get(0).value);
            ListBoxModel none = (ListBoxModel) fill.invoke(descriptor, arguments(fill, null));
            assertEquals(0, none.size());
        }
        assertEquals(List.of(), lookups);
    }

    @Test
    public void checksTellNonAdministratorsNothing() throws Exception {
        for (Object descriptor : DESCRIPTORS) {
            for (Method m : descriptor.getClass().getMethods()) {
                if (m.getName().startsWith("doCheck") && !m.getName().equals("doCheckName")) {
                    FormValidation v = (FormValidation) m.invoke(descriptor, arguments(m, "file:///etc"));
                    assertEquals(m.toString(), FormValidation.Kind.OK, v.kind);
                    assertNull(m.toString(), v.getMessage());
                }
            }
        }
        assertEquals(List.of(), lookups);
    }

    @Test
    public void administratorsSeeWhetherTheCredentialsFit() {
        gate.admin = true;
        ConfigRepository.DescriptorImpl repo = new ConfigRepository.DescriptorImpl();
        assertEquals(FormValidation.Kind.OK, repo.doCheckCredentialsId("bot", "https://git.example.com/x.git").kind);
        assertEquals(List.of("bot@https://git.example.com/x.git"), lookups);
        FormValidation wrong = repo.doCheckCredentialsId("token", "https://git.example.com/x.git");
        assertEquals(FormValidation.Kind.ERROR, wrong.kind);
        assertEquals("Credentials 'token' are of type StringCredentials, expected Username with password, "
                + "or SSH Username with private key", wrong.getMessage());
        FormValidation missing = new ArgoCdServer.DescriptorImpl().doCheckCredentialsId("gone", "https://argocd");
        assertTrue(missing.getMessage(), missing.getMessage().startsWith("No credentials with ID 'gone' are available to the GitOps configuration"));
        assertEquals(FormValidation.Kind.WARNING, new KubernetesCluster.DescriptorImpl().doCheckCredentialsId("", "https://k").kind);
        assertEquals(FormValidation.Kind.OK, repo.doCheckCredentialsId("", "https://git.example.com/x.git").kind);
        assertEquals(FormValidation.Kind.ERROR, repo.doCheckUrl("file:///srv/git/x.git").kind);
        assertEquals(FormValidation.Kind.WARNING, new ArgoCdServer.DescriptorImpl().doCheckUrl("http://argocd").kind);
    }

    @Test
    public void administratorsSeeWhichKeySignsOrWhyItCannot() throws Exception {
        gate.admin = true;
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("keys");
        io.jenkins.plugins.gitops.core.testing.SshSigningKeys.Key key =
                new io.jenkins.plugins.gitops.core.testing.SshSigningKeys(dir).make("signer", "ed25519", "ssh-phrase");
        store.put("ssh-sign", new TestCredentials.SshKey("ssh-sign", "deploy", key.privateKey(), "ssh-phrase"));
        store.put("wrong-phrase", new TestCredentials.Token("wrong-phrase", "not-it"));
        ConfigRepository.DescriptorImpl repo = new ConfigRepository.DescriptorImpl();

        FormValidation signs = repo.doCheckSigningKeyCredentialsId("ssh-sign", "", "https://git.example.com/x.git", "");
        assertEquals(FormValidation.Kind.OK, signs.kind);
        assertEquals("Signs with ssh key " + key.fingerprint(dir), signs.getMessage());
        FormValidation locked = repo.doCheckSigningKeyCredentialsId("ssh-sign", "wrong-phrase",
                "https://git.example.com/x.git", "");
        assertEquals(FormValidation.Kind.ERROR, locked.kind);
        assertEquals("The signing key 'ssh-sign' cannot be unlocked: wrong or missing passphrase", locked.getMessage());
        FormValidation notAKey = repo.doCheckSigningKeyCredentialsId("bot", "", "https://git.example.com/x.git", "");
        assertTrue(notAKey.getMessage(), notAKey.getMessage().startsWith("Credentials 'bot' are of type"));
        assertFalse("no key material in any message", locked.getMessage().contains("PRIVATE"));
    }

    @Test
    public void administratorsListCredentialsThroughTheCredentialsPlugin() {
        gate.admin = true;
        Method fill = method(new ArgoCdServer.DescriptorImpl(), "doFillCredentialsIdItems");
        Throwable thrown = assertThrows(InvocationTargetException.class,
                () -> fill.invoke(new ArgoCdServer.DescriptorImpl(), "token", "https://argocd")).getCause();
        assertTrue("the mirror has no credential store: reaching it proves the listing was attempted: " + thrown,
                thrown instanceof UnsupportedOperationException || thrown instanceof IllegalStateException);
    }

    @Test
    public void testConnectionMessagesNeverHoldTheSecret() {
        gate.admin = true;
        FormValidation v = new ArgoCdServer.DescriptorImpl().doTestConnection("http://127.0.0.1:9/argocd", "token", null);
        assertEquals(FormValidation.Kind.ERROR, v.kind);
        assertTrue(v.getMessage(), v.getMessage().startsWith("Cannot reach http://127.0.0.1:9/argocd"));
        assertFalse(v.getMessage().contains("t0ken-value"));
        FormValidation git = new ConfigRepository.DescriptorImpl().doTestConnection(
                "http://bot:pa55word@127.0.0.1:9/x.git", "bot", null, false);
        assertEquals(FormValidation.Kind.ERROR, git.kind);
        assertEquals(Urls.NO_PASSWORDS, git.getMessage());
        git = new ConfigRepository.DescriptorImpl().doTestConnection("http://127.0.0.1:9/x.git", "bot", null, false);
        assertEquals(FormValidation.Kind.ERROR, git.kind);
        assertTrue(git.getMessage(), git.getMessage().startsWith("Cannot list http://127.0.0.1:9/x.git: "));
        assertFalse(git.getMessage(), git.getMessage().contains("pa55word"));
        assertEquals("the credentials were used", List.of("token@http://127.0.0.1:9/argocd",
                "bot@http://127.0.0.1:9/x.git"), lookups);
    }

    private static Method method(Object descriptor, String name) {
        for (Method m : descriptor.getClass().getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(descriptor.getClass() + " has no " + name);
    }

    /** Every String parameter gets the value, except URLs, which get a harmless one. */
    private static Object[] arguments(Method m, String value) {
        Object[] args = new Object[m.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            String name = m.getParameters()[i].getName();
            Class<?> type = m.getParameterTypes()[i];
            if (type == boolean.class) {
                args[i] = true;
            } else if (name.equals("url") || name.equals("serverUrl")) {
                args[i] = "https://attacker.example.com/";
            } else {
                args[i] = value;
            }
        }
        return args;
    }

    /** Jenkins' root ACL, as a user who is (or is not) an administrator. */
    private static final class Gate implements AccessControlled {
        boolean admin;
        final List<Permission> checked = new ArrayList<>();

        @Override
        public ACL getACL() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkPermission(Permission permission) {
            checked.add(permission);
            if (!admin) {
                throw new AccessDeniedException("anonymous is missing the " + permission.getId() + " permission");
            }
        }

        @Override
        public boolean hasPermission(Permission permission) {
            checked.add(permission);
            return admin;
        }
    }
}
