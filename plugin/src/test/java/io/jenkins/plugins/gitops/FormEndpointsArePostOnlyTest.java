package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.kohsuke.stapler.verb.POST;

/**
 * Form endpoints that touch credentials or the network must refuse GET, or a link in a mail could make an
 * administrator's browser send credentials to an attacker's URL (CSRF). Checked on every class of the plugin.
 */
public class FormEndpointsArePostOnlyTest {
    private static final Set<String> SENSITIVE_PARAMETERS = Set.of("credentialsId", "url", "serverUrl");
    private static final Set<String> SENSITIVE_FIELDS = Set.of("CredentialsId", "Url", "ServerUrl");

    @Test
    public void everySensitiveFormEndpointIsPostOnly() {
        List<String> sensitive = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> type : DescribableContractTest.allClasses()) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && isSensitive(m)) {
                    sensitive.add(type.getSimpleName() + "." + m.getName());
                    if (!m.isAnnotationPresent(POST.class)) {
                        problems.add(type.getName() + "." + m.getName() + " lacks @POST");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue("the test found the endpoints: " + sensitive, sensitive.size() >= 12);
    }

    static boolean isSensitive(Method m) {
        String name = m.getName();
        if (name.startsWith("doTest")) {
            return true;
        }
        if (!name.startsWith("doFill") && !name.startsWith("doCheck")) {
            return false;
        }
        for (Parameter p : m.getParameters()) {
            if (SENSITIVE_PARAMETERS.contains(p.getName())) {
                return true;
            }
        }
        String field = name.startsWith("doFill") ? name.substring(6).replaceFirst("Items$", "") : name.substring(7);
        return SENSITIVE_FIELDS.contains(field);
    }
}
