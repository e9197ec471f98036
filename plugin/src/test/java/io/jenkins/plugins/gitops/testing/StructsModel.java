package io.jenkins.plugins.gitops.testing;

import hudson.Extension;
import hudson.model.Descriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What structs' {@code DescribableModel} makes of a data-bound class, as its real source does it
 * (jenkinsci/structs-plugin, src/main/java/org/jenkinsci/plugins/structs/describable/ParameterType.java {@code of}
 * and DescribableModel.java {@code findSubtypes}, {@code instantiate}, {@code coerce}): how each parameter's type is
 * categorised, and how Pipeline's map arguments become an object, with unknown keys refused as in unit-test (strict)
 * mode. Subtypes are the classes among {@code known} that have an {@code @Extension} descriptor nested in them, as
 * {@code ExtensionList.lookup(Descriptor.class)} would list them.
 */
public final class StructsModel {

    /** structs' categories; {@code ERROR} is its ErrorType, shown as an error by the Snippet Generator. */
    public enum Kind { ATOMIC, ENUM, ARRAY, HOMOGENEOUS, HETEROGENEOUS, ERROR }

    public record Category(Kind kind, Type type, Type element, Set<Class<?>> subtypes) {}

    private final List<Class<?>> known;

    public StructsModel(List<Class<?>> known) {
        this.known = known;
    }

    public Category of(Type type) {
        if (type instanceof Class<?> c) {
            if (c == String.class || c.isPrimitive() || isWrapper(c) || c == URL.class) {
                return new Category(Kind.ATOMIC, c, null, Set.of());
            }
            if (c.isEnum()) {
                return new Category(Kind.ENUM, c, null, Set.of());
            }
            if (c.isArray()) {
                return new Category(Kind.ARRAY, c, c.getComponentType(), Set.of());
            }
            Set<Class<?>> subtypes = subtypes(c);
            if ((subtypes.isEmpty() && !Modifier.isAbstract(c.getModifiers())) || subtypes.equals(Set.of(c))) {
                return new Category(Kind.HOMOGENEOUS, c, null, Set.of(c));
            }
            return new Category(Kind.HETEROGENEOUS, c, null, subtypes);
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            return new Category(Kind.ARRAY, type, p.getActualTypeArguments()[0], Set.of());
        }
        return new Category(Kind.ERROR, type, null, Set.of());
    }

    /** Every parameter of {@code root} and of every type nested in it that structs cannot describe. */
    public List<String> undescribable(Class<?> root) {
        List<String> problems = new ArrayList<>();
        walk(root, new LinkedHashSet<>(), problems);
        return problems;
    }

    private void walk(Class<?> type, Set<Class<?>> seen, List<String> problems) {
        if (!seen.add(type)) {
            return;
        }
        parameters(type).forEach((name, parameterType) -> check(type.getSimpleName() + "." + name, parameterType,
                seen, problems));
    }

    private void check(String where, Type type, Set<Class<?>> seen, List<String> problems) {
        Category category = of(type);
        switch (category.kind()) {
            case ERROR -> problems.add(where + ": " + type + " is an ErrorType");
            case ARRAY -> check(where + "[]", category.element(), seen, problems);
            case HOMOGENEOUS -> {
                Class<?> nested = (Class<?>) category.type();
                if (dataBoundConstructor(nested) == null) {
                    problems.add(where + ": " + nested.getName() + " has no @DataBoundConstructor");
                } else {
                    walk(nested, seen, problems);
                }
            }
            case HETEROGENEOUS -> {
                if (category.subtypes().isEmpty()) {
                    problems.add(where + ": " + type + " has no registered subtype");
                }
                category.subtypes().forEach(sub -> walk(sub, seen, problems));
            }
            default -> { }
        }
    }

    /** {@code DescribableModel.instantiate}: constructor arguments by name, then setters; values coerced as structs does. */
    public <T> T instantiate(Class<T> type, Map<String, ?> arguments) throws Exception {
        Map<String, Type> parameters = parameters(type);
        Set<String> unknown = new TreeSet<>(arguments.keySet());
        unknown.removeAll(parameters.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("WARNING: Unknown parameter(s) found for class type '" + type.getName()
                    + "': " + String.join(",", unknown));
        }
        Constructor<?> constructor = dataBoundConstructor(type);
        Object[] args = new Object[constructor.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            java.lang.reflect.Parameter p = constructor.getParameters()[i];
            args[i] = coerce(type.getSimpleName() + "." + p.getName(), p.getParameterizedType(), arguments.get(p.getName()));
        }
        T made = type.cast(constructor.newInstance(args));
        for (Method m : type.getMethods()) {
            String name = m.isAnnotationPresent(DataBoundSetter.class) ? propertyName(m) : null;
            if (name != null && arguments.containsKey(name)) {
                m.invoke(made, coerce(type.getSimpleName() + "." + name, m.getGenericParameterTypes()[0],
                        arguments.get(name)));
            }
        }
        return made;
    }

    private Object coerce(String context, Type type, Object value) throws Exception {
        Class<?> erased = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (value instanceof List<?> list && Collection.class.isAssignableFrom(erased)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> coerced = new ArrayList<>();
            for (Object item : list) {
                coerced.add(coerce(context, element, item));
            }
            return coerced;
        }
        if (wrap(erased).isInstance(value) || value == null) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put((String) k, v));
            Object named = m.remove("$class");
            Class<?> target = named == null ? erased : resolve(erased, (String) named);
            return instantiate(target, m);
        }
        if (value instanceof String s && Number.class.isAssignableFrom(wrap(erased))) {
            return wrap(erased).getMethod("valueOf", String.class).invoke(null, s);
        }
        if (value instanceof String s && wrap(erased) == Boolean.class) {
            return Boolean.valueOf(s);
        }
        throw new ClassCastException(context + " expects " + type + " but received " + value.getClass());
    }

    private Class<?> resolve(Class<?> base, String name) {
        return subtypes(base).stream().filter(c -> c.getName().equals(name) || c.getSimpleName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + name + " among " + subtypes(base)));
    }

    private Set<Class<?>> subtypes(Class<?> supertype) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (Class<?> c : known) {
            if (supertype.isAssignableFrom(c) && hasExtensionDescriptor(c)) {
                found.add(c);
            }
        }
        return found;
    }

    private static boolean hasExtensionDescriptor(Class<?> c) {
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (nested.isAnnotationPresent(Extension.class) && Descriptor.class.isAssignableFrom(nested)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Type> parameters(Class<?> type) {
        Map<String, Type> parameters = new LinkedHashMap<>();
        Constructor<?> constructor = dataBoundConstructor(type);
        if (constructor != null) {
            for (java.lang.reflect.Parameter p : constructor.getParameters()) {
                parameters.put(p.getName(), p.getParameterizedType());
            }
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                parameters.put(propertyName(m), m.getGenericParameterTypes()[0]);
            }
        }
        return parameters;
    }

    private static Constructor<?> dataBoundConstructor(Class<?> type) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                return c;
            }
        }
        return null;
    }

    private static String propertyName(Method setter) {
        return Character.toLowerCase(setter.getName().charAt(3)) + setter.getName().substring(4);
    }

    private static boolean isWrapper(Class<?> c) {
        return c == Boolean.class || c == Integer.class || c == Long.class || c == Short.class || c == Byte.class
                || c == Character.class || c == Float.class || c == Double.class;
    }

    private static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) return c;
        return switch (c.getName()) {
            case "boolean" -> Boolean.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> c;
        };
    }
}
