package io.jenkins.plugins.gitops.apt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the index that Jenkins' annotation-indexer reads for every annotation meta-annotated with
 * {@code @org.jvnet.hudson.annotation_indexer.Indexed}, {@code @org.jenkinsci.Symbol} above all: structs'
 * {@code SymbolLookup} finds Pipeline symbols only through it. The real processor cannot be resolved from Maven
 * Central, so this one writes the same format: {@code META-INF/services/annotations/<annotation>}, UTF-8, one binary
 * class name per line, sorted, merged with an earlier index.
 */
@SupportedAnnotationTypes("*")
public final class SymbolIndexProcessor extends AbstractProcessor {
    static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";
    static final String PREFIX = "META-INF/services/annotations/";

    private final Map<String, SortedSet<String>> indexed = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String annotationName = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
                String owner = ownerName(annotated);
                if (owner != null) {
                    indexed.computeIfAbsent(annotationName, k -> new TreeSet<>()).add(owner);
                }
            }
        }
        if (round.processingOver()) {
            indexed.forEach(this::write);
        }
        return false;
    }

    private static boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : annotation.getAnnotationMirrors()) {
            if (((TypeElement) meta.getAnnotationType().asElement()).getQualifiedName().contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    private String ownerName(Element annotated) {
        Element e = annotated;
        while (e != null && !(e instanceof TypeElement)) {
            if (e instanceof PackageElement p) {
                return p.getQualifiedName() + ".*";
            }
            e = e.getEnclosingElement();
        }
        return e == null ? null : processingEnv.getElementUtils().getBinaryName((TypeElement) e).toString();
    }

    private void write(String annotationName, SortedSet<String> names) {
        String path = PREFIX + annotationName;
        SortedSet<String> all = new TreeSet<>(names);
        all.addAll(readExisting(path));
        try {
            FileObject out = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path);
            try (Writer w = new OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String name : all) {
                    w.write(name);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + path + ": " + e);
        }
    }

    private SortedSet<String> readExisting(String path) {
        SortedSet<String> names = new TreeSet<>();
        try {
            FileObject in = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", path);
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(in.openInputStream(), StandardCharsets.UTF_8))) {
                r.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(names::add);
            }
        } catch (IOException | IllegalArgumentException absent) {
            // first build: nothing to merge
        }
        return names;
    }
}
