package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.jenkins.plugins.gitops.commit.CommitOutcome;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Opens the built {@code gitops-bridge.hpi} and checks what Jenkins reads from it: the manifest, the extension and
 * symbol indexes, {@code index.jelly}, and that nothing of Jenkins or of our API mirror is bundled. Runs after the
 * package phase (see the plugin POM).
 */
public class HpiPackagingTest {
    private static Path hpi;
    private static Map<String, byte[]> libs;
    private static Map<String, byte[]> pluginJar;

    @BeforeClass
    public static void open() throws IOException {
        String file = System.getProperty("hpi.file");
        assertNotNull("run through Maven: hpi.file is not set", file);
        hpi = Path.of(file);
        assertTrue("no " + hpi + ": was the package phase run?", Files.isRegularFile(hpi));
        libs = new TreeMap<>();
        try (ZipFile zip = new ZipFile(hpi.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("WEB-INF/lib/") && e.getName().endsWith(".jar")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        libs.put(e.getName().substring("WEB-INF/lib/".length()), in.readAllBytes());
                    }
                }
            }
        }
        byte[] jar = libs.get("gitops-bridge.jar");
        assertNotNull("WEB-INF/lib/gitops-bridge.jar is missing; libs: " + libs.keySet(), jar);
        pluginJar = entries(jar);
    }

    @Test
    public void manifestCarriesWhatJenkinsReads() throws IOException {
        Attributes main = manifest().getMainAttributes();
        assertEquals("gitops-bridge", main.getValue("Short-Name"));
        assertEquals("GitOps Bridge", main.getValue("Long-Name"));
        assertEquals("io.jenkins.plugins", main.getValue("Group-Id"));
        assertEquals("2.541.3", main.getValue("Jenkins-Version"));
        assertNotNull("Plugin-Version", main.getValue("Plugin-Version"));
        assertTrue("Url", main.getValue("Url").startsWith("https://"));
        assertFalse("Minimum-Java-Version is obsolete", main.containsKey(new Attributes.Name("Minimum-Java-Version")));

        Map<String, String> deps = new TreeMap<>();
        for (String dep : main.getValue("Plugin-Dependencies").split(",")) {
            String[] parts = dep.split(":", 2);
            deps.put(parts[0], parts[1]);
        }
        Map<String, String> expected = new TreeMap<>(Map.of(
                "workflow-step-api", "724.v538c2362b_dfb_",
                "credentials", "1511.v2e3cb_0008ef0",
                "plain-credentials", "199.v9f8e1f741799",
                "ssh-credentials", "372.va_250881b_08cd",
                "git-client", "6.6.1",
                "jackson2-api", "2.22.2-445.vdc613f1d8012",
                "snakeyaml-api", "2.5-149.v72471e9c6371",
                "bouncycastle-api", "2.30.1.83-289.v8426fcd19371"));
        assertEquals(expected, deps);
    }

    @Test
    public void bundlesOnlyOurJarsAndNothingThatJenkinsOrADependencyShips() {
        Set<String> names = libs.keySet().stream().map(n -> n.replaceAll("-[0-9][^-]*(-SNAPSHOT)?\\.jar$", ".jar"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("gitops-bridge.jar", "gitops-bridge-core.jar")), names);
    }

    @Test
    public void noMirrorClassAndNoJenkinsClassInAnyBundledJar() throws IOException {
        Set<String> mirror;
        try (Stream<Path> files = Files.walk(Path.of(System.getProperty("mirror.classes")))) {
            mirror = files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> Path.of(System.getProperty("mirror.classes")).relativize(p).toString().replace(File.separatorChar, '/'))
                    .collect(Collectors.toSet());
        }
        assertFalse("the mirror has classes", mirror.isEmpty());
        List<String> leaked = new ArrayList<>();
        for (Map.Entry<String, byte[]> lib : libs.entrySet()) {
            for (String entry : entries(lib.getValue()).keySet()) {
                if (!entry.endsWith(".class")) {
                    continue;
                }
                boolean jenkinsPackage = Stream.of("hudson/", "jenkins/", "org/kohsuke/", "org/jenkinsci/",
                        "com/cloudbees/", "org/jvnet/", "net/java/sezpoz/").anyMatch(entry::startsWith);
                if (mirror.contains(entry) || jenkinsPackage) {
                    leaked.add(lib.getKey() + "!" + entry);
                }
            }
        }
        assertEquals("classes of Jenkins or of the mirror inside the .hpi", List.of(), leaked);
    }

    @Test
    public void extensionIndexListsEveryExtension() throws Exception {
        byte[] index = pluginJar.get("META-INF/annotations/hudson.Extension");
        assertNotNull("META-INF/annotations/hudson.Extension is missing", index);
        Set<String> listed = new TreeSet<>();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(index))) {
            Object o;
            while ((o = in.readObject()) != null) {
                listed.add(className(o));
            }
        }
        assertEquals(annotatedClasses("hudson.Extension"), listed);
    }

    @Test
    public void symbolIndexListsEverySymbol() {
        byte[] index = pluginJar.get("META-INF/services/annotations/org.jenkinsci.Symbol");
        assertNotNull("META-INF/services/annotations/org.jenkinsci.Symbol is missing", index);
        String text = new String(index, StandardCharsets.UTF_8);
        assertTrue("one binary name per line, ending in a newline", text.endsWith("\n"));
        assertEquals(annotatedClasses("org.jenkinsci.Symbol"), new TreeSet<>(Arrays.asList(text.split("\n"))));
    }

    @Test
    public void pluginDescriptionIsThere() {
        byte[] index = pluginJar.get("index.jelly");
        assertNotNull("index.jelly is missing", index);
        assertTrue(new String(index, StandardCharsets.UTF_8).contains("config repository"));
    }

    /**
     * Every class that Jenkins writes with XStream (the global configuration, the build page's record, the Freestyle
     * option, change and target types) or reads back from an agent (each file callable and its result), followed
     * through its fields, must come from a jar that Jenkins' class filter accepts, as it is packed in the .hpi.
     */
    @Test
    public void everyClassThatReachesXStreamOrRemotingIsInAJarTheClassFilterAccepts() throws Exception {
        Set<Class<?>> ours = new TreeSet<>(java.util.Comparator.comparing(Class::getName));
        for (String entry : pluginJar.keySet()) {
            if (entry.endsWith(".class") && !entry.contains("$$")) {
                ours.add(Class.forName(entry.substring(0, entry.length() - 6).replace('/', '.'), false,
                        getClass().getClassLoader()));
            }
        }
        for (String core : entries(libs.keySet().stream().filter(n -> n.startsWith("gitops-bridge-core"))
                .map(libs::get).findFirst().orElseThrow()).keySet()) {
            if (core.endsWith(".class")) {
                ours.add(Class.forName(core.substring(0, core.length() - 6).replace('/', '.'), false,
                        getClass().getClassLoader()));
            }
        }
        List<java.lang.reflect.Type> roots = new ArrayList<>();
        for (Class<?> c : ours) {
            if (hudson.model.Describable.class.isAssignableFrom(c) || hudson.model.Action.class.isAssignableFrom(c)
                    || jenkins.tasks.SimpleBuildWrapper.Disposer.class.isAssignableFrom(c)) {
                roots.add(c);
            }
            if (hudson.FilePath.FileCallable.class.isAssignableFrom(c) && c.getGenericSuperclass()
                    instanceof java.lang.reflect.ParameterizedType callable) {
                roots.add(c);
                roots.add(callable.getActualTypeArguments()[0]);
            }
        }
        Set<Class<?>> reached = ClassGraph.reachable(roots, ours);
        assertTrue("the walk found the persisted and returned classes: " + reached,
                reached.contains(GitopsRunAction.CommitRecord.class) && reached.contains(CommitOutcome.class)
                        && reached.contains(io.jenkins.plugins.gitops.config.ConfigRepository.class));

        List<String> rejected = new ArrayList<>();
        for (Class<?> c : reached) {
            String entry = c.getName().replace('.', '/') + ".class";
            String jar = libs.keySet().stream().filter(name -> entries(libs.get(name)).containsKey(entry)).findFirst()
                    .orElse(null);
            if (jar == null) {
                rejected.add(c.getName() + " is in no jar of the .hpi");
            } else if (!io.jenkins.plugins.gitops.testing.JenkinsClassFilter.isPluginManifest(
                    new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(libs.get(jar))).getManifest())) {
                rejected.add(c.getName() + " in WEB-INF/lib/" + jar + ", whose manifest is no plugin manifest");
            }
        }
        assertEquals("classes Jenkins' class filter would reject", List.of(), rejected);
    }

    private static Manifest manifest() throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(hpi))) {
            Manifest m = in.getManifest();
            assertNotNull("the .hpi has no manifest", m);
            return m;
        }
    }

    /** The classes in our jar that carry the annotation, read from the class files' runtime annotations. */
    private static Set<String> annotatedClasses(String annotation) {
        String descriptor = "L" + annotation.replace('.', '/') + ";";
        Set<String> found = new TreeSet<>();
        pluginJar.forEach((name, bytes) -> {
            if (name.endsWith(".class") && new String(bytes, StandardCharsets.ISO_8859_1).contains(descriptor)) {
                found.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
        });
        assertFalse("no class carries @" + annotation, found.isEmpty());
        return found;
    }

    /** sezpoz writes SerAnnotatedElement records; their className field names the extension. */
    private static String className(Object serAnnotatedElement) throws ReflectiveOperationException {
        var field = serAnnotatedElement.getClass().getDeclaredField("className");
        field.setAccessible(true);
        return (String) field.get(serAnnotatedElement);
    }

    private static Map<String, byte[]> entries(byte[] jar) {
        Map<String, byte[]> result = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                result.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            fail("cannot read a bundled jar: " + e);
        }
        return result;
    }
}
