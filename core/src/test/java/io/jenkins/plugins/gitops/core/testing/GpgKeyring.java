package io.jenkins.plugins.gitops.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway GnuPG home with one signing key that real {@code gpg} made, to sign with in memory and to check
 * signatures with {@code git verify-commit}, as a reviewer's machine would.
 */
public final class GpgKeyring implements AutoCloseable {
    private final Path home;
    private final String passphrase;

    /** Makes an RSA signing key for {@code uid} ({@code Name <email>}) protected by {@code passphrase}. */
    public GpgKeyring(String uid, String passphrase) throws IOException, InterruptedException {
        this(uid, passphrase, false);
    }

    private GpgKeyring(String uid, String passphrase, boolean expired) throws IOException, InterruptedException {
        this.home = Files.createTempDirectory("gpg");
        this.passphrase = passphrase;
        if (expired) {
            gpg("--faked-system-time", "20200101T000000", "--quick-gen-key", uid, "rsa2048", "sign", "1d");
        } else {
            gpg("--quick-gen-key", uid, "rsa2048", "sign", "never");
        }
    }

    /** A key made on 2020-01-01 that expired a day later, as gpg's {@code --faked-system-time} makes it. */
    public static GpgKeyring expired(String uid, String passphrase) throws IOException, InterruptedException {
        return new GpgKeyring(uid, passphrase, true);
    }

    /** Revokes the key with the revocation certificate gpg made with it, as its owner would. */
    public void revoke(String email) throws IOException, InterruptedException {
        Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint(email) + ".rev");
        Path armed = home.resolve("revocation.asc");
        Files.writeString(armed, Files.readString(certificate).replace(":-----BEGIN", "-----BEGIN"));
        gpg("--import", armed.toString());
    }

    /** The secret key, armoured, as {@code gpg --armor --export-secret-keys} writes it. */
    public String armoredSecretKey(String email) throws IOException, InterruptedException {
        return gpg("--armor", "--export-secret-keys", email);
    }

    /** The key's fingerprint, upper case, as {@code gpg --with-colons} lists it. */
    public String fingerprint(String email) throws IOException, InterruptedException {
        return gpg("--with-colons", "--list-secret-keys", email).lines().filter(l -> l.startsWith("fpr:")).findFirst()
                .orElseThrow().split(":")[9];
    }

    /** {@code git verify-commit}'s exit code in {@code repository}: 0 when the signature is good. */
    public int verifyCommit(Path repository, String commit) throws IOException, InterruptedException {
        return run(List.of("git", "verify-commit", commit), repository).exit();
    }

    private String gpg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase",
                passphrase));
        command.addAll(List.of(args));
        return run(command, home).out();
    }

    private record Ran(int exit, String out) {}

    private Ran run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GNUPGHOME", home.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IOException("timed out: " + command);
        return new Ran(p.exitValue(), out);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("gpgconf", "--kill", "gpg-agent"), home);
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
