package io.jenkins.plugins.gitops.cli;

import io.jenkins.plugins.gitops.core.sign.CommitSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code gitops commit --sign-key-file FILE}: sign every commit with the key in that file, in memory: an armoured
 * OpenPGP secret key, or an SSH private key ({@code gpg.format=ssh}); its passphrase comes from
 * {@code GITOPS_SIGN_PASSPHRASE}, never from an argument.
 */
final class SigningOptions {
    static final String PASSPHRASE_VARIABLE = "GITOPS_SIGN_PASSPHRASE";

    @Option(names = "--sign-key-file", paramLabel = "FILE",
            description = "Sign the commits with this armoured OpenPGP secret key or SSH private key (passphrase in "
                    + PASSPHRASE_VARIABLE + ").")
    Path keyFile;

    /** The signer, or null when no key is given. */
    CommitSigner signer(Map<String, String> env) {
        if (keyFile == null) return null;
        String armored;
        try {
            armored = Files.readString(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--sign-key-file: cannot read " + keyFile + " (" + e.getClass().getSimpleName() + ")");
        }
        String passphrase = env.get(PASSPHRASE_VARIABLE);
        return CommitSigner.read(keyFile.getFileName().toString(), armored, passphrase == null ? null : passphrase.toCharArray());
    }
}
