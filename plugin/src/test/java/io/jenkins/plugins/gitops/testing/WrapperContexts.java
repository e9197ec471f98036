package io.jenkins.plugins.gitops.testing;

import java.lang.reflect.Constructor;
import jenkins.tasks.SimpleBuildWrapper;

/**
 * A fresh {@link SimpleBuildWrapper.Context}, as Jenkins creates one for each Freestyle build or Pipeline block. The
 * mirror keeps its constructor private, since Jenkins' public one is deprecated.
 */
public final class WrapperContexts {
    private WrapperContexts() {}

    public static SimpleBuildWrapper.Context newContext() {
        try {
            Constructor<SimpleBuildWrapper.Context> c = SimpleBuildWrapper.Context.class.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
