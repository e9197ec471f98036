package io.jenkins.plugins.gitops.core.sign;

import io.jenkins.plugins.gitops.core.git.Identity;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * Signs the commits the engine makes, in memory: no key on disk, no agent socket, no {@code gpg} binary. Every commit
 * of a transaction is signed as it is built, so a change applied again on a moved tip is signed again.
 */
public sealed interface CommitSigner permits OpenPgpSigner, SshSigner {
    /**
     * The signer for a key as a credential or file holds it: an armoured OpenPGP secret key, else an SSH private key.
     *
     * @throws IllegalArgumentException naming {@code name} and why the key cannot sign
     */
    static CommitSigner read(String name, String key, char[] passphrase) {
        return key.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----") ? OpenPgpSigner.of(name, key, passphrase)
                : SshSigner.of(name, key, passphrase);
    }

    /** The signature of a commit's bytes (as {@code git commit -S} signs them: the commit without its signature). */
    GpgSignature sign(byte[] commitWithoutSignature);

    /** Refuses a committer the key does not name, where the key names its owners. */
    void checkCommitter(Identity committer);

    /** The key's fingerprint, as results show it. */
    String fingerprint();

    /** {@code openpgp} or {@code ssh}, as git's {@code gpg.format}. */
    String format();

    /** Signs the commit {@code builder} holds, as it is without a signature. */
    default void signInto(org.eclipse.jgit.lib.CommitBuilder builder) {
        try {
            builder.setGpgSignature(sign(builder.build()));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot encode the commit to sign it", e);
        }
    }
}
