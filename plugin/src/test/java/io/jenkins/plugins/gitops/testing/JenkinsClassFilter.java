package io.jenkins.plugins.gitops.testing;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.ConversionException;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.MarshallingContext;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.HierarchicalStreamWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Jenkins' class filter (JEP-200) as {@code jenkins.security.ClassFilterImpl.isBlacklisted(Class)} decides it in
 * jenkinsci/jenkins 2.541.3: arrays, throwables and enums pass; a class from a jar passes when the jar's manifest is a
 * plugin manifest ({@code Short-Name} with {@code Plugin-Version} or {@code Jenkins-Version}) or says
 * {@code Jenkins-ClassFilter-Whitelisted: true}; Jenkins core's own classes pass; a class of the JDK passes only when
 * {@code jenkins/security/whitelisted-classes.txt} names it; anything else is rejected. XStream refuses to write or read
 * a rejected class, and remoting refuses to read one.
 *
 * <p>Two differences, both stricter, so that tests judge what the packaged plugin will meet: a folder of classes
 * (Maven's {@code target/classes}) passes only with a plugin manifest in its {@code META-INF}, as Jenkins judges a
 * legacy {@code WEB-INF/classes} (the real filter lets any {@code target/classes} pass, for {@code hpi:run}); and of the
 * JDK whitelist only the entries this plugin's values can meet are kept. Test classes pass, as they do in Jenkins'
 * unit tests, and the Jenkins API mirror stands for Jenkins core.
 */
public final class JenkinsClassFilter implements Predicate<Class<?>> {
    /** The entries of Jenkins' whitelist that plain values of this plugin can hold. */
    private static final Set<String> JDK_WHITELIST = Set.of("java.lang.Boolean", "java.lang.Byte",
            "java.lang.Character", "java.lang.Double", "java.lang.Float", "java.lang.Integer", "java.lang.Long",
            "java.lang.Number", "java.lang.Object", "java.lang.Short", "java.lang.String", "java.net.URI",
            "java.net.URL", "java.time.Ser", "java.util.ArrayList", "java.util.Arrays$ArrayList", "java.util.CollSer",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptyMap", "java.util.Collections$EmptySet",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonMap",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableSet", "java.util.HashMap", "java.util.HashSet",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN", "java.util.LinkedHashMap",
            "java.util.LinkedHashSet", "java.util.LinkedList", "java.util.TreeMap", "java.util.TreeSet",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList");

    private static final Set<String> ACCEPTED_LOCATIONS = ConcurrentHashMap.newKeySet();

    @Override
    public boolean test(Class<?> c) {
        if (c.isArray() || c.isPrimitive() || Throwable.class.isAssignableFrom(c) || Enum.class.isAssignableFrom(c)) {
            return true;
        }
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return JDK_WHITELIST.contains(c.getName());
        }
        String loc = location.toString();
        if (ACCEPTED_LOCATIONS.contains(loc)) {
            return true;
        }
        boolean accepted = acceptedLocation(loc);
        if (accepted) {
            ACCEPTED_LOCATIONS.add(loc);
        }
        return accepted;
    }

    /** Whether a class may pass; the message says why not, as Jenkins logs it. */
    public static String rejection(Class<?> c) {
        return new JenkinsClassFilter().test(c) ? null : c.getName() + " in " + location(c)
                + " might be dangerous, so rejecting; see https://www.jenkins.io/redirect/class-filter/";
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "JRE" : source.getLocation().toString();
    }

    private static boolean acceptedLocation(String loc) {
        if (loc.endsWith("/target/test-classes/") || loc.endsWith("-tests.jar")
                || loc.contains("/jenkins-api/target/") || loc.contains("/gitops-bridge-jenkins-api-")) {
            return true;
        }
        try {
            File file = Path.of(new URL(loc).toURI()).toFile();
            if (file.isFile() && loc.endsWith(".jar")) {
                try (JarFile jar = new JarFile(file, false)) {
                    return jar.getManifest() != null && isPluginManifest(jar.getManifest());
                }
            }
            File manifest = new File(file, "META-INF/MANIFEST.MF");
            if (file.isDirectory() && manifest.isFile()) {
                try (InputStream in = new FileInputStream(manifest)) {
                    return isPluginManifest(new Manifest(in));
                }
            }
            return false;
        } catch (IOException | URISyntaxException e) {
            return false;
        }
    }

    /** {@code ClassFilterImpl.isPluginManifest}. */
    public static boolean isPluginManifest(Manifest manifest) {
        Attributes attributes = manifest.getMainAttributes();
        return attributes.getValue("Short-Name") != null
                && (attributes.getValue("Plugin-Version") != null || attributes.getValue("Jenkins-Version") != null)
                || "true".equals(attributes.getValue("Jenkins-ClassFilter-Whitelisted"));
    }

    /**
     * An XStream that refuses what Jenkins' {@code XStream2} refuses: it reads only accepted types, and, like core's
     * {@code XStream2.BlacklistedTypesConverter}, fails to write a rejected one.
     */
    public static XStream xstream() {
        XStream x = new XStream();
        JenkinsClassFilter filter = new JenkinsClassFilter();
        x.addPermission(type -> type == null || filter.test(type));
        x.registerConverter(new Converter() {
            @Override
            public boolean canConvert(@SuppressWarnings("rawtypes") Class type) {
                return type != null && !filter.test(type);
            }

            @Override
            public void marshal(Object source, HierarchicalStreamWriter writer, MarshallingContext context) {
                throw new ConversionException("Refusing to marshal " + source.getClass().getName()
                        + " for security reasons; see https://www.jenkins.io/redirect/class-filter/");
            }

            @Override
            public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
                throw new ConversionException("Refusing to unmarshal " + reader.getNodeName()
                        + " for security reasons; see https://www.jenkins.io/redirect/class-filter/");
            }
        }, XStream.PRIORITY_VERY_HIGH);
        return x;
    }
}
