package hudson;

import hudson.remoting.VirtualChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.function.Predicate;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * Local behaviour only: a path on this machine. {@link #act(FileCallable)} serializes and deserializes the callable
 * before running it, as remoting does on the way to an agent, so that a callable capturing something unserializable
 * fails here as it would there; and its result on the way back, through the controller's class filter when one is
 * named, as remoting's ObjectInputStreamEx checks every class it reads against ClassFilter.DEFAULT.
 */
public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;

    private final String remote;

    public FilePath(File localPath) {
        this.remote = localPath.getPath();
    }

    public FilePath(VirtualChannel channel, String remote) {
        this.remote = remote;
    }

    public FilePath(FilePath base, String rel) {
        this.remote = new File(base.remote, rel).getPath();
    }

    public String getRemote() {
        return remote;
    }

    public FilePath child(String relOrAbsolute) {
        return new FilePath(this, relOrAbsolute);
    }

    public boolean isRemote() {
        return false;
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        T result = overTheWire(callable, null).invoke(new File(remote), null);
        return overTheWire(result, controllerClassFilter());
    }

    /**
     * The controller's class filter for what comes back from an agent: the {@code Predicate<Class<?>>} named by the
     * system property {@code hudson.FilePath.classFilter} (tests name a model of Jenkins' ClassFilterImpl), or none.
     */
    @SuppressWarnings("unchecked")
    private static Predicate<Class<?>> controllerClassFilter() throws IOException {
        String name = System.getProperty("hudson.FilePath.classFilter");
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return (Predicate<Class<?>>) Class.forName(name, true, Thread.currentThread().getContextClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot load the class filter " + name, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> C overTheWire(C object, Predicate<Class<?>> filter) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                Class<?> c = super.resolveClass(desc);
                if (filter != null && !filter.test(c)) {
                    throw new SecurityException("Rejected: " + c.getName()
                            + "; see https://www.jenkins.io/redirect/class-filter/");
                }
                return c;
            }
        }) {
            return (C) in.readObject();
        } catch (ClassNotFoundException | SecurityException e) {
            throw new IOException(e);
        }
    }

    public static interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
