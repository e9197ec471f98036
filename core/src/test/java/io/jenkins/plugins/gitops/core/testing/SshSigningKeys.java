package io.jenkins.plugins.gitops.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SSH keys that real {@code ssh-keygen} made, and the allowed-signers file with which real git checks SSH-signed
 * commits ({@code gpg.format=ssh}, {@code gpg.ssh.allowedSignersFile}), as a reviewer's machine or a server hook would.
 */
public final class SshSigningKeys {
    private final Path dir;

    public SshSigningKeys(Path dir) {
        this.dir = dir;
    }

    /** A new key of {@code type} ({@code ed25519}, {@code rsa}, {@code ecdsa}) with {@code passphrase} (empty: none). */
    public Key make(String name, String type, String passphrase) throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        run(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", file.toString()), dir);
        return new Key(Files.readString(file), Files.readString(dir.resolve(name + ".pub")).strip());
    }

    /** A key's private half as {@code ssh-keygen} writes it, and its public line. */
    public record Key(String privateKey, String publicLine) {
        /** The public key without its comment: {@code ssh-ed25519 AAAA…}. */
        public String publicKey() {
            String[] parts = publicLine.split(" ");
            return parts[0] + " " + parts[1];
        }

        /** As {@code ssh-keygen -l -E sha256} shows it. */
        public String fingerprint(Path dir) throws IOException, InterruptedException {
            Path pub = Files.createTempFile(dir, "key", ".pub");
            Files.writeString(pub, publicLine + "\n");
            return run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()), dir).split(" ")[1];
        }
    }

    /** Writes an allowed-signers file that lets {@code email} sign git commits with {@code key}. */
    public Path allowedSigners(String email, Key key) throws IOException {
        Path file = dir.resolve("allowed_signers");
        Files.writeString(file, email + " namespaces=\"git\" " + key.publicKey() + "\n");
        return file;
    }

    /** Makes {@code bare} verify SSH signatures with {@code allowedSigners}, as {@code git verify-commit} there would. */
    public static void trust(Path bare, Path allowedSigners) throws IOException, InterruptedException {
        GitCli.run(bare, "config", "gpg.format", "ssh");
        GitCli.run(bare, "config", "gpg.ssh.allowedSignersFile", allowedSigners.toString());
    }

    /** {@code git verify-commit}'s exit code in {@code repository}, with its own configuration. */
    public static int verify(Path repository, String commit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "verify-commit", commit).directory(repository.toFile())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IOException("git verify-commit timed out");
        return p.exitValue();
    }

    /**
     * A {@code pre-receive} hook in {@code bare} that refuses any pushed commit that {@code git verify-commit} does not
     * accept, as "require signed commits" on a host does.
     */
    public static void requireSignedCommits(Path bare) throws IOException {
        Path hook = bare.resolve("hooks/pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, String.join("\n",
                "#!/bin/sh",
                "while read old new ref; do",
                "  range=$new; [ \"$old\" = 0000000000000000000000000000000000000000 ] || range=$old..$new",
                "  for c in $(git rev-list $range); do",
                "    git verify-commit $c >/dev/null 2>&1 || { echo \"policy: commit $c is not signed by an allowed key\" >&2; exit 1; }",
                "  done",
                "done",
                ""));
        hook.toFile().setExecutable(true);
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(command + ": " + out);
        return out;
    }
}
