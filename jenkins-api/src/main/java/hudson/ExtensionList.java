package hudson;

import java.util.AbstractList;

public class ExtensionList<T> extends AbstractList<T> {
    private ExtensionList() {
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("no Jenkins here");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("no Jenkins here");
    }
}
