package io.jenkins.plugins.gitops.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What Pipeline keeps of a step across a controller restart, the way {@code program.dat} keeps it: Java serialization
 * of the object graph. It refuses records anywhere in the graph, because the JBoss Marshalling River that Jenkins ships
 * to write {@code program.dat} predates record support.
 */
public final class ProgramState {
    private ProgramState() {}

    public static byte[] write(Object state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> records = new ArrayList<>();
        try (ObjectOutputStream out = new RecordSpotter(bytes, records)) {
            out.writeObject(state);
        }
        if (!records.isEmpty()) {
            throw new AssertionError("records in the persisted state, which River cannot read back: " + records);
        }
        return bytes.toByteArray();
    }

    public static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    private static final class RecordSpotter extends ObjectOutputStream {
        private final List<String> records;

        RecordSpotter(OutputStream out, List<String> records) throws IOException {
            super(out);
            this.records = records;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj != null && obj.getClass().isRecord()) {
                records.add(obj.getClass().getName());
            }
            return obj;
        }
    }
}
