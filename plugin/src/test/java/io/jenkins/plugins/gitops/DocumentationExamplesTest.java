package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.config.GitopsConfiguration;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Pipeline and configuration-as-code examples of the documentation are what users copy: each must parse, and
 * every step, symbol, named argument and setting of ours that it uses must exist under that name.
 */
public class DocumentationExamplesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern FENCE = Pattern.compile("^```(groovy|yaml)\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);

    /**
     * Steps that the documentation describes and other branches are building; their examples are parsed, and their
     * arguments checked as soon as the step exists here. Keep this list short and remove names as steps land.
     */
    static final Set<String> STEPS_IN_PROGRESS = Set.of();

    @Test
    public void everyPipelineExampleParsesAndUsesOnlyNamesThatExist() throws IOException {
        List<Example> examples = examples("groovy");
        assertTrue("the README has Pipeline examples", examples.size() >= 3);
        Map<String, Class<?>> ours = pipelineNames();
        List<String> problems = new ArrayList<>();
        for (Example example : examples) {
            problems.addAll(check(example, ours));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    public void theRootJenkinsfileParses() throws IOException {
        Path jenkinsfile = ROOT.resolve("Jenkinsfile");
        assertEquals(List.of(), check(new Example(jenkinsfile.toString(), Files.readString(jenkinsfile)), pipelineNames()));
    }

    @Test
    public void theCheckFindsUnknownArgumentsStepsAndSyntaxErrors() {
        Map<String, Class<?>> ours = pipelineNames();
        assertEquals(List.of("t: yamlValue has no argument 'pth' (it has file, path, value, document, type)"),
                check(new Example("t", "node { gitopsCommit(changes: [yamlValue(file: 'a', pth: 'b', value: 'c')]) }"), ours));
        assertEquals(List.of("t: no step or symbol of the plugin is named gitopsDeploy"),
                check(new Example("t", "gitopsDeploy(app: 'x')"), ours));
        assertEquals("steps of others are not ours to check", List.of(),
                check(new Example("t", "node { sh(script: 'x', returnStdout: true); withCredentials([]) { echo 'x' } }"), ours));
        List<String> broken = check(new Example("t", "node { gitopsCommit(url: 'x' }"), ours);
        assertEquals(1, broken.size());
        assertTrue(broken.get(0), broken.get(0).startsWith("t: does not parse: "));
    }

    @Test
    public void everyConfigurationAsCodeExampleUsesTheRealPropertyNames() throws IOException {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Example example : examples("yaml")) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(example.text());
            if (doc instanceof Map<?, ?> root && root.get("unclassified") instanceof Map<?, ?> unclassified
                    && unclassified.get("gitops") instanceof Map<?, ?> gitops) {
                String symbol = GitopsConfiguration.class.getAnnotation(Symbol.class).value()[0];
                assertEquals("gitops", symbol);
                checkSettings(example.where() + ": gitops", gitops, GitopsConfiguration.class, problems);
                checked++;
            }
        }
        assertTrue("the README has a configuration-as-code example", checked > 0);
        assertEquals(List.of(), problems);
    }

    @Test
    public void theSettingsCheckFindsUnknownNames() {
        List<String> problems = new ArrayList<>();
        checkSettings("t", Map.of("repositories", List.of(Map.of("name", "a", "branch", "main"))), GitopsConfiguration.class,
                problems);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0), problems.get(0).startsWith("t.repositories[0] has no setting 'branch' (it has name, url, "));
    }

    private static void checkSettings(String where, Map<?, ?> settings, Class<?> type, List<String> problems) {
        Map<String, Type> properties = DescribableContractTest.properties(type);
        for (Map.Entry<?, ?> e : settings.entrySet()) {
            Type propertyType = properties.get(String.valueOf(e.getKey()));
            if (propertyType == null) {
                problems.add(where + " has no setting '" + e.getKey() + "' (it has " + String.join(", ", properties.keySet()) + ")");
            } else if (e.getValue() instanceof List<?> list && propertyType instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Map<?, ?> entry) {
                        checkSettings(where + "." + e.getKey() + "[" + i + "]", entry, element, problems);
                    }
                }
            }
        }
    }

    record Example(String where, String text) {
    }

    /** Fenced blocks of the README and of docs/, and the Jenkinsfiles under docs/. */
    static List<Example> examples(String language) throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        List<Example> examples = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String text = Files.readString(file);
            if (name.endsWith(".md")) {
                Matcher m = FENCE.matcher(text);
                while (m.find()) {
                    if (m.group(1).equals(language)) {
                        int line = text.substring(0, m.start()).split("\n", -1).length;
                        examples.add(new Example(ROOT.relativize(file) + ":" + line, m.group(2)));
                    }
                }
            } else if (language.equals("groovy") && (name.startsWith("Jenkinsfile") || name.endsWith(".groovy"))) {
                examples.add(new Example(ROOT.relativize(file).toString(), text));
            }
        }
        return examples;
    }

    /** Step function names and describable symbols of the plugin, with the class whose properties they take. */
    static Map<String, Class<?>> pipelineNames() {
        Map<String, Class<?>> names = new TreeMap<>();
        for (Class<?> type : DescribableContractTest.allClasses()) {
            Class<?> outer = type.getEnclosingClass();
            if (StepDescriptor.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers()) && outer != null) {
                try {
                    names.put(((StepDescriptor) type.getDeclaredConstructor().newInstance()).getFunctionName(), outer);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(type.getName(), e);
                }
            }
            Symbol symbol = type.getAnnotation(Symbol.class);
            if (symbol != null && outer != null && Stream.of(outer.getDeclaredConstructors())
                    .anyMatch(c -> c.isAnnotationPresent(DataBoundConstructor.class))) {
                for (String s : symbol.value()) {
                    names.put(s, outer);
                }
            }
        }
        assertFalse(names.isEmpty());
        return names;
    }

    static List<String> check(Example example, Map<String, Class<?>> ours) {
        List<String> problems = new ArrayList<>();
        ModuleNode module;
        try {
            CompilationUnit unit = new CompilationUnit();
            SourceUnit source = unit.addSource("Example.groovy", example.text());
            unit.compile(Phases.CONVERSION);
            module = source.getAST();
        } catch (CompilationFailedException e) {
            problems.add(example.where() + ": does not parse: " + e.getMessage().lines().skip(1).findFirst().orElse(e.getMessage()));
            return problems;
        }
        CodeVisitorSupport visitor = new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis()) {
                    checkCall(example.where(), call, ours, problems);
                }
                super.visitMethodCallExpression(call);
            }
        };
        module.getStatementBlock().visit(visitor);
        for (MethodNode method : module.getMethods()) {
            method.getCode().visit(visitor);
        }
        return problems;
    }

    private static void checkCall(String where, MethodCallExpression call, Map<String, Class<?>> ours, List<String> problems) {
        String name = call.getMethodAsString();
        Class<?> type = name == null ? null : ours.get(name);
        if (type == null) {
            if (name != null && name.startsWith("gitops") && !STEPS_IN_PROGRESS.contains(name)) {
                problems.add(where + ": no step or symbol of the plugin is named " + name);
            }
            return;
        }
        Map<String, Type> properties = DescribableContractTest.properties(type);
        for (String argument : namedArguments(call)) {
            if (!properties.containsKey(argument)) {
                problems.add(where + ": " + name + " has no argument '" + argument + "' (it has "
                        + String.join(", ", properties.keySet()) + ")");
            }
        }
    }

    private static List<String> namedArguments(MethodCallExpression call) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        if (call.getArguments() instanceof TupleExpression tuple) {
            for (Expression e : tuple.getExpressions()) {
                if (e instanceof MapExpression map) {
                    for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                        names.put(entry.getKeyExpression().getText(), true);
                    }
                }
            }
        }
        return new ArrayList<>(names.keySet());
    }
}
