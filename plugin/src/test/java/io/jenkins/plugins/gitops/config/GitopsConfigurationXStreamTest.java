package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import io.jenkins.plugins.gitops.credentials.GlobalCredentialsResolver;
import io.jenkins.plugins.gitops.credentials.KubernetesAuth;
import io.jenkins.plugins.gitops.testing.JenkinsClassFilter;
import io.jenkins.plugins.gitops.testing.TestCredentials;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;

/**
 * Jenkins keeps the configuration in {@code io.jenkins.plugins.gitops.config.GitopsConfiguration.xml}, written and read
 * by XStream: every field must come back, and no secret may be written.
 */
public class GitopsConfigurationXStreamTest {
    private static final String SECRET = "s3cr3t-never-in-xml";

    private static XStream xstream() {
        return JenkinsClassFilter.xstream();
    }

    @Test
    public void everyFieldSurvivesARoundTrip() throws Exception {
        GitopsConfiguration before = Fixtures.everyFieldSet();
        String xml = xstream().toXML(before);
        GitopsConfiguration after = (GitopsConfiguration) xstream().fromXML(xml);

        assertNotSame(before, after);
        Map<String, Object> expected = properties(before);
        assertEquals(expected, properties(after));
        assertEquals("every property was set, so the comparison means something", List.of(), unset(expected));
    }

    @Test
    public void loadingIntoTheRunningInstanceKeepsEveryField() {
        String xml = xstream().toXML(Fixtures.everyFieldSet());
        GitopsConfiguration target = new GitopsConfiguration();
        xstream().fromXML(xml, target);
        assertEquals(properties(Fixtures.everyFieldSet()), properties(target));
    }

    @Test
    public void defaultsOfAFreshConfigurationSurviveToo() {
        GitopsConfiguration fresh = new GitopsConfiguration();
        GitopsConfiguration after = (GitopsConfiguration) xstream().fromXML(xstream().toXML(fresh));
        assertEquals(600, after.getWaitTimeoutSeconds());
        assertEquals(5, after.getPollIntervalSeconds());
        assertEquals(List.of(), after.getRepositories());
    }

    @Test
    public void anEntryWrittenWithoutPushAttemptsGetsTheDefault() {
        String xml = xstream().toXML(new ConfigRepository("shop", "https://git.example.com/shop.git"))
                .replaceAll("\\s*<pushAttempts>10</pushAttempts>", "");
        assertFalse(xml, xml.contains("pushAttempts"));
        assertEquals(10, ((ConfigRepository) xstream().fromXML(xml)).getPushAttempts());
    }

    @Test
    public void theXmlHoldsCredentialIdsAndNoSecrets() throws Exception {
        GitopsConfiguration config = Fixtures.everyFieldSet();
        GlobalCredentialsResolver resolver = new GlobalCredentialsResolver((id, url) -> switch (id) {
            case "config-repo-bot-1" -> new TestCredentials.UserPass(id, "bot", SECRET);
            case "argocd-token" -> new TestCredentials.Token(id, SECRET);
            case "prod-kubeconfig" -> new TestCredentials.SecretFile(id, "config", "token: " + SECRET);
            default -> null;
        });
        ConfigRepository repo = config.repository("shop-config").orElseThrow();
        GitAuth auth = resolver.git(repo.getCredentialsId(), repo.getUrl());
        String token = resolver.token(config.argoCdServer("prod-argocd").orElseThrow().getCredentialsId(), "");
        KubernetesAuth kube = resolver.kubernetes(config.cluster("prod").orElseThrow().getCredentialsId(), "");
        assertEquals(SECRET, auth.secret());
        assertEquals(SECRET, token);
        assertTrue(kube.secret().contains(SECRET));

        String xml = xstream().toXML(config);
        assertFalse(xml, xml.contains(SECRET));
        assertTrue(xml.contains("<credentialsId>config-repo-bot-1</credentialsId>"));
        assertTrue(xml.contains("<credentialsId>argocd-token</credentialsId>"));
        assertTrue(xml.contains("<credentialsId>prod-kubeconfig</credentialsId>"));
        assertFalse("transient state is not written", xml.contains("binding"));
    }

    /** Every getter of the configuration and, recursively, of its entries, by path. */
    static Map<String, Object> properties(Object bean) {
        Map<String, Object> out = new TreeMap<>();
        collect("", bean, out);
        return out;
    }

    private static void collect(String prefix, Object bean, Map<String, Object> out) {
        for (Method m : bean.getClass().getMethods()) {
            boolean getter = (m.getName().startsWith("get") || m.getName().startsWith("is")) && m.getParameterCount() == 0
                    && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == bean.getClass();
            if (!getter || m.getName().equals("getDisplayName")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(m.toString(), e);
            }
            String key = prefix + m.getName();
            if (value instanceof List<?> list) {
                out.put(key + ".size", list.size());
                for (int i = 0; i < list.size(); i++) {
                    assertNotNull(list.get(i));
                    collect(key + "[" + i + "].", list.get(i), out);
                }
            } else {
                out.put(key, value);
            }
        }
    }

    private static List<String> unset(Map<String, Object> properties) {
        List<String> unset = new ArrayList<>();
        properties.forEach((k, v) -> {
            if (v == null || Boolean.FALSE.equals(v)) {
                unset.add(k);
            }
        });
        return unset;
    }
}
