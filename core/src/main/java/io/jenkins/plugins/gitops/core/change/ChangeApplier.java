package io.jenkins.plugins.gitops.core.change;

import io.jenkins.plugins.gitops.core.edit.EditException;
import io.jenkins.plugins.gitops.core.edit.ManifestEdits;
import io.jenkins.plugins.gitops.core.git.GitopsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Applies declarative changes to repository files. Being declarative, the same list can be applied again to a newer
 * revision after a rejected push; that is what makes retries safe.
 */
public final class ChangeApplier {
    private ChangeApplier() {}

    /** Applies the changes in order and returns the files each one touched (a file may appear once). */
    public static Set<String> apply(List<Change> changes, RepositoryFiles files) {
        return apply(changes, files, warning -> { });
    }

    /** As above; {@code warnings} hears what the caller should know about edits that were made. */
    public static Set<String> apply(List<Change> changes, RepositoryFiles files, Consumer<String> warnings) {
        Set<String> touched = new LinkedHashSet<>();
        for (Change change : changes) touched.addAll(apply(change, files, warnings));
        return touched;
    }

    /** The repository files a change writes or removes, before looking at any content. */
    public static List<String> targets(Change change) {
        if (change instanceof YamlValue c) return List.of(RepoPaths.check(c.file()));
        if (change instanceof KustomizeImage c) return List.of(RepoPaths.check(c.file()));
        if (change instanceof Manifest c) return List.of(RepoPaths.check(c.file()));
        if (change instanceof RemoveFile c) return List.of(RepoPaths.check(c.file()));
        if (change instanceof CopyManifests c) return List.of(RepoPaths.check(c.to()));
        if (change instanceof CheckedOutFile c) return List.of(RepoPaths.check(c.file()));
        if (change instanceof Undo c) return c.files().stream().map(f -> RepoPaths.check(f.file())).toList();
        throw new IllegalArgumentException(change.describe());
    }

    static List<String> apply(Change change, RepositoryFiles files) {
        return apply(change, files, warning -> { });
    }

    static List<String> apply(Change change, RepositoryFiles files, Consumer<String> warnings) {
        try {
            if (change instanceof YamlValue c) {
                return edit(files, c.file(), c.path(), content -> ManifestEdits.setValue(c.file(), content, c.path(),
                        c.value(), c.document(), c.type(), warnings));
            }
            if (change instanceof KustomizeImage c) {
                return edit(files, c.file(), "images[name=" + c.name() + "]", content ->
                        ManifestEdits.setKustomizeImage(c.file(), content, c.name(), c.newName(), c.newTag(), c.digest()));
            }
            if (change instanceof Manifest c) {
                String file = RepoPaths.check(c.file());
                files.write(file, (c.text() == null ? "" : c.text()).getBytes(StandardCharsets.UTF_8));
                return List.of(file);
            }
            if (change instanceof RemoveFile c) {
                String file = RepoPaths.check(c.file());
                files.remove(file);
                return List.of(file);
            }
            if (change instanceof CopyManifests c) return copy(files, c.from(), RepoPaths.check(c.to()));
            if (change instanceof CheckedOutFile c) return checkedOut(files, c);
            if (change instanceof Undo c) return c.apply(files, warnings);
            throw new IllegalArgumentException(change.describe());
        } catch (EditException e) {
            throw GitopsException.forFile(e.file(), e.path(), e.reason());
        } catch (UnsupportedOperationException e) {
            throw new GitopsException(change.describe() + ": not supported: " + e.getMessage(), e);
        }
    }

    private interface Edit {
        byte[] apply(byte[] content);
    }

    private static List<String> edit(RepositoryFiles files, String rawFile, String path, Edit edit) {
        String file = RepoPaths.check(rawFile);
        byte[] content = files.read(file).orElseThrow(() -> GitopsException.forFile(file, path, "no such file in the repository"));
        files.write(file, edit.apply(content));
        return List.of(file);
    }

    private static List<String> checkedOut(RepositoryFiles files, CheckedOutFile change) {
        String file = RepoPaths.check(change.file());
        if (!change.appliesTo(files.read(file))) {
            throw GitopsException.forFile(file, "", "changed on the branch since it was checked out; the change made in"
                    + " the checkout would overwrite it, so nothing is committed: run the block again on the new tip");
        }
        if (change.after() == null) files.remove(file);
        else files.write(file, change.after());
        return List.of(file);
    }

    private static List<String> copy(RepositoryFiles files, Path from, String to) {
        if (from == null || !Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            throw GitopsException.forFile(to, "", "copyManifests source is not a folder: " + from);
        }
        List<String> written = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isSymbolicLink(p)) {
                    throw GitopsException.forFile(to, "", "copyManifests source contains a symbolic link: " + from.relativize(p));
                }
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) continue;
                String target = RepoPaths.check(to + "/" + from.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"));
                files.write(target, Files.readAllBytes(p));
                written.add(target);
            }
        } catch (IOException e) {
            throw GitopsException.forFile(to, "", "cannot read copyManifests source " + from + ": " + e.getMessage());
        }
        List<String> touched = new ArrayList<>(written);
        for (String existing : files.listFiles(to)) {
            if (!written.contains(existing)) {
                files.remove(existing);
                touched.add(existing);
            }
        }
        return touched;
    }
}
