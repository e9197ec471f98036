package io.jenkins.plugins.gitops;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes of this plugin that serialization can meet from some roots: through every field that XStream and Java
 * serialization write (not static, not transient), the type arguments of generic fields, and, for a field of an
 * abstract type or interface of ours, every class of ours that implements it.
 */
final class ClassGraph {
    private ClassGraph() {}

    static Set<Class<?>> reachable(Collection<Type> roots, Set<Class<?>> ours) {
        Set<Class<?>> reached = new TreeSet<>(Comparator.comparing(Class::getName));
        Deque<Type> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (type instanceof ParameterizedType p) {
                todo.push(p.getRawType());
                todo.addAll(java.util.List.of(p.getActualTypeArguments()));
            } else if (type instanceof GenericArrayType a) {
                todo.push(a.getGenericComponentType());
            } else if (type instanceof WildcardType w) {
                todo.addAll(java.util.List.of(w.getUpperBounds()));
            } else if (type instanceof Class<?> c) {
                Class<?> element = c.isArray() ? c.getComponentType() : c;
                if (!ours.contains(element) || !reached.add(element)) {
                    continue;
                }
                if (element.isInterface() || Modifier.isAbstract(element.getModifiers())) {
                    ours.stream().filter(element::isAssignableFrom).forEach(todo::push);
                }
                for (Class<?> k = element; k != null && ours.contains(k); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                            todo.push(f.getGenericType());
                        }
                    }
                }
            }
        }
        return reached;
    }
}
