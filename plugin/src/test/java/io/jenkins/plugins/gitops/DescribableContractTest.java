package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.tasks.BuildWrapperDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The rules that Pipeline (structs' DescribableModel), the Snippet Generator and configuration-as-code rely on, checked
 * on every class of the plugin that has a {@code @DataBoundConstructor}: since Jenkins cannot run here, these are the
 * binding's contract.
 */
public class DescribableContractTest {
    /** Steps that a Pipeline author calls every day; a symbol of the same name would be shadowed by the step. */
    static final Set<String> STEP_NAMES = Set.of("archiveArtifacts", "bat", "build", "catchError", "checkout", "deleteDir",
            "dir", "echo", "error", "fileExists", "git", "input", "isUnix", "junit", "library", "load", "lock", "mail",
            "milestone", "node", "parallel", "powershell", "properties", "pwd", "readFile", "readJSON", "readYaml",
            "retry", "script", "sh", "sleep", "stage", "stash", "step", "timeout", "timestamps", "tool", "unstash",
            "waitUntil", "withCredentials", "withEnv", "wrap", "writeFile", "writeJSON", "writeYaml", "ws", "zip",
            "unzip", "httpRequest", "sshagent", "kubernetesDeploy", "helm", "kubectl");

    private static final Path CLASSES = classesDir();
    private static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    public void everyDataBoundParameterAndSetterHasAGetterOfTheSameType() {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : dataBoundTypes()) {
            properties(type).forEach((name, propertyType) -> {
                Method getter = getter(type, name);
                if (getter == null) {
                    problems.add(type.getSimpleName() + "." + name + ": no public getter");
                } else if (!getter.getGenericReturnType().equals(propertyType)) {
                    problems.add(type.getSimpleName() + "." + name + ": getter returns " + getter.getGenericReturnType()
                            + ", property is " + propertyType);
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    public void dataBoundConstructorsArePublicAndUnique() {
        for (Class<?> type : dataBoundTypes()) {
            List<Constructor<?>> marked = Stream.of(type.getDeclaredConstructors())
                    .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).collect(Collectors.toList());
            assertEquals(type + " has one @DataBoundConstructor", 1, marked.size());
            assertTrue(type + ": public constructor", Modifier.isPublic(marked.get(0).getModifiers()));
            assertFalse(type + ": not abstract", Modifier.isAbstract(type.getModifiers()));
            for (Parameter p : marked.get(0).getParameters()) {
                assertTrue(type + ": compiled with -parameters", p.isNamePresent());
            }
        }
    }

    @Test
    public void everyDescribableHasAnExtensionDescriptorAndNestedTypesASymbol() {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : dataBoundTypes()) {
            Class<?> descriptor = Stream.of(type.getDeclaredClasses())
                    .filter(c -> Descriptor.class.isAssignableFrom(c)).findFirst().orElse(null);
            if (descriptor == null) {
                problems.add(type.getSimpleName() + ": no nested descriptor");
                continue;
            }
            if (!descriptor.isAnnotationPresent(Extension.class)) {
                problems.add(descriptor.getName() + ": not an @Extension");
            }
            boolean isStep = StepDescriptor.class.isAssignableFrom(descriptor);
            boolean isTopLevel = isStep || BuildWrapperDescriptor.class.isAssignableFrom(descriptor);
            if (!isTopLevel && !descriptor.isAnnotationPresent(Symbol.class)) {
                problems.add(descriptor.getName() + ": nested types need a @Symbol for Pipeline");
            }
            if (!isStep && !Describable.class.isAssignableFrom(type)) {
                problems.add(type.getName() + ": not Describable");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    public void noSymbolOrFunctionNameEqualsAPipelineStep() throws Exception {
        Set<String> names = new TreeSet<>();
        Set<String> ourSteps = new TreeSet<>();
        for (Class<?> type : allClasses()) {
            Symbol symbol = type.getAnnotation(Symbol.class);
            if (symbol != null) {
                names.addAll(List.of(symbol.value()));
            }
            if (StepDescriptor.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                String function = ((StepDescriptor) type.getDeclaredConstructor().newInstance()).getFunctionName();
                assertFalse(type + ": step name " + function + " is taken by a common step", STEP_NAMES.contains(function));
                ourSteps.add(function);
            }
        }
        assertFalse("symbols found", names.isEmpty());
        assertTrue("withGitopsRepo is a block step", ourSteps.contains("withGitopsRepo"));
        Set<String> shadowedByOurs = new TreeSet<>(names);
        shadowedByOurs.retainAll(ourSteps);
        assertEquals("symbols that a step of ours shadows", Set.of(), shadowedByOurs);
        names.retainAll(STEP_NAMES);
        assertEquals("symbols that a Pipeline step would shadow", Set.of(), names);
    }

    @Test
    public void everyViewFieldIsAPropertyAndEveryPropertyHasHelp() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : dataBoundTypes()) {
            Path dir = RESOURCES.resolve(type.getName().replace('.', '/').replace('$', '/'));
            Path config = dir.resolve("config.jelly");
            Map<String, Type> properties = properties(type);
            if (!Files.isRegularFile(config)) {
                problems.add(type.getSimpleName() + ": no config.jelly (Snippet Generator)");
                continue;
            }
            for (String field : viewFields(config)) {
                if (!properties.containsKey(field)) {
                    problems.add(config + ": field=\"" + field + "\" is not a property");
                }
            }
            if (!Files.isRegularFile(dir.resolve("help.html"))) {
                problems.add(type.getSimpleName() + ": no help.html");
            }
            for (String property : properties.keySet()) {
                if (helpFile(type, property) == null) {
                    problems.add(type.getSimpleName() + ": no help-" + property + ".html");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Configuration as code exports through getters and finds the YAML key through the @Symbol. */
    @Test
    public void globalConfigurationsAreExportableAndDocumented() {
        List<String> problems = new ArrayList<>();
        List<Class<?>> globals = allClasses().stream().filter(GlobalConfiguration.class::isAssignableFrom).toList();
        assertFalse("no GlobalConfiguration found", globals.isEmpty());
        for (Class<?> type : globals) {
            if (!type.isAnnotationPresent(Extension.class) || !type.isAnnotationPresent(Symbol.class)) {
                problems.add(type.getSimpleName() + ": needs @Extension and @Symbol");
            }
            Path dir = RESOURCES.resolve(type.getName().replace('.', '/'));
            if (!Files.isRegularFile(dir.resolve("config.jelly"))) {
                problems.add(type.getSimpleName() + ": no config.jelly");
            }
            properties(type).forEach((name, propertyType) -> {
                Method getter = getter(type, name);
                if (getter == null || !getter.getGenericReturnType().equals(propertyType)) {
                    problems.add(type.getSimpleName() + "." + name + ": no getter of type " + propertyType);
                }
                if (!Files.isRegularFile(dir.resolve("help-" + name + ".html"))) {
                    problems.add(type.getSimpleName() + ": no help-" + name + ".html");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Where Jenkins finds a field's help: in the resources of the class or of its nearest ancestor that has one, as
     * {@code Descriptor.getHelpFile(Klass, String)} walks {@code clazz.getAncestors()} (jenkinsci/jenkins,
     * core/src/main/java/hudson/model/Descriptor.java).
     */
    static Path helpFile(Class<?> type, String property) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Path help = RESOURCES.resolve(c.getName().replace('.', '/').replace('$', '/')).resolve("help-" + property + ".html");
            if (Files.isRegularFile(help)) return help;
        }
        return null;
    }

    @Test
    public void helpFilesAreWellFormed() throws Exception {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            for (Path help : (Iterable<Path>) files.filter(p -> p.getFileName().toString().matches("help.*\\.html"))::iterator) {
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(help.toFile());
            }
        }
    }

    static List<Class<?>> dataBoundTypes() {
        List<Class<?>> types = allClasses().stream()
                .filter(c -> Stream.of(c.getDeclaredConstructors()).anyMatch(k -> k.isAnnotationPresent(DataBoundConstructor.class)))
                .collect(Collectors.toList());
        assertFalse("no @DataBoundConstructor found under " + CLASSES, types.isEmpty());
        return types;
    }

    /** Constructor parameters in their order, then setters by name (reflection gives methods in no fixed order). */
    static Map<String, Type> properties(Class<?> type) {
        Map<String, Type> properties = new LinkedHashMap<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : c.getParameters()) {
                    properties.put(p.getName(), p.getParameterizedType());
                }
            }
        }
        Map<String, Type> setters = new java.util.TreeMap<>();
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                assertTrue(m + " is a one-argument setX", m.getName().startsWith("set") && m.getParameterCount() == 1);
                String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                setters.put(name, m.getGenericParameterTypes()[0]);
            }
        }
        setters.forEach(properties::putIfAbsent);
        return properties;
    }

    private static Method getter(Class<?> type, String property) {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : List.of("get" + suffix, "is" + suffix)) {
            try {
                Method m = type.getMethod(name);
                if (!name.startsWith("is") || m.getReturnType() == boolean.class) {
                    return m;
                }
            } catch (NoSuchMethodException ignored) {
                // try the next form
            }
        }
        return null;
    }

    private static Set<String> viewFields(Path jelly) throws Exception {
        Set<String> fields = new TreeSet<>();
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(jelly.toFile());
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            String field = ((Element) all.item(i)).getAttribute("field");
            if (!field.isEmpty()) {
                fields.add(field);
            }
        }
        return fields;
    }

    static List<Class<?>> allClasses() {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<Class<?>> classes = new ArrayList<>();
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, DescribableContractTest.class.getClassLoader()));
            }
            return classes;
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static Path classesDir() {
        try {
            return Path.of(io.jenkins.plugins.gitops.changes.RemoveFileChange.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
