package hudson.model;

/**
 * Deprecated in Jenkins 2.505 in favour of implementing {@link Describable} directly, but still the declared
 * superclass of workflow-step-api's {@code Step}; mirrored only for that reason. Our own types never extend it.
 */
@Deprecated
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
}
