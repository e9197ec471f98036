package io.jenkins.plugins.gitops.core.sign;

import io.jenkins.plugins.gitops.core.git.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * OpenPGP signatures with an armoured secret key held in memory (Bouncy Castle): the key that can sign (the primary
 * key, or a signing subkey) is unlocked once with its passphrase; a key that is expired or revoked, or whose
 * passphrase is wrong, is refused with the reason and the name the caller gave it, never its content.
 */
public final class OpenPgpSigner implements CommitSigner {
    private final PGPPrivateKey key;
    private final PGPPublicKey publicKey;
    private final List<String> emails;
    private final String name;

    private OpenPgpSigner(PGPPrivateKey key, PGPPublicKey publicKey, List<String> emails, String name) {
        this.key = key;
        this.publicKey = publicKey;
        this.emails = List.copyOf(emails);
        this.name = name;
    }

    /**
     * @param name       what the key is called in errors: a credential ID, a file name
     * @param armored    the secret key, {@code -----BEGIN PGP PRIVATE KEY BLOCK-----}
     * @param passphrase null or empty for a key without one
     * @throws IllegalArgumentException naming {@code name} and why the key cannot sign
     */
    public static OpenPgpSigner of(String name, String armored, char[] passphrase) {
        PGPSecretKeyRing ring;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            ring = new PGPSecretKeyRing(in, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException("The signing key " + name + " cannot be read: it must be an armoured"
                    + " OpenPGP secret key (-----BEGIN PGP PRIVATE KEY BLOCK-----)");
        }
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.hasRevocation()) {
            throw new IllegalArgumentException("The signing key " + name + " is revoked");
        }
        PGPSecretKey signing = null;
        for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
            PGPSecretKey candidate = keys.next();
            if (candidate.isSigningKey() && !candidate.getPublicKey().hasRevocation() && !expired(candidate.getPublicKey())
                    && !candidate.isPrivateKeyEmpty()) {
                signing = candidate;
                if (candidate.isMasterKey()) break;
            }
        }
        if (expired(primary)) throw new IllegalArgumentException("The signing key " + name + " has expired");
        if (signing == null) throw new IllegalArgumentException("The signing key " + name + " holds no key that may sign");
        PGPPrivateKey unlocked;
        try {
            unlocked = signing.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase == null ? new char[0] : passphrase));
        } catch (PGPException e) {
            throw new IllegalArgumentException("The signing key " + name + " cannot be unlocked: wrong passphrase");
        }
        List<String> emails = new ArrayList<>();
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
            String id = ids.next();
            int open = id.lastIndexOf('<');
            int close = id.lastIndexOf('>');
            emails.add((open >= 0 && close > open ? id.substring(open + 1, close) : id).trim().toLowerCase(Locale.ROOT));
        }
        return new OpenPgpSigner(unlocked, signing.getPublicKey(), emails, name);
    }

    private static boolean expired(PGPPublicKey key) {
        long valid = key.getValidSeconds();
        return valid > 0 && key.getCreationTime().toInstant().plusSeconds(valid).isBefore(Instant.now());
    }

    @Override
    public GpgSignature sign(byte[] commitWithoutSignature) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256), publicKey);
            generator.init(PGPSignature.BINARY_DOCUMENT, key);
            generator.update(commitWithoutSignature);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes);
                    BCPGOutputStream out = new BCPGOutputStream(armored)) {
                generator.generate().encode(out);
            }
            return new GpgSignature(bytes.toByteArray());
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("Cannot sign with the signing key " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkCommitter(Identity committer) {
        String email = committer.email() == null ? "" : committer.email().trim().toLowerCase(Locale.ROOT);
        if (!emails.contains(email)) {
            throw new IllegalArgumentException("The signing key " + name + " is for " + String.join(", ", emails)
                    + ", not for the committer " + committer.email() + ": git would show the commit as signed by"
                    + " someone else; commit as one of them, or sign with the committer's key");
        }
    }

    @Override
    public String fingerprint() {
        return HexFormat.of().withUpperCase().formatHex(publicKey.getFingerprint());
    }

    @Override
    public String format() {
        return "openpgp";
    }

    @Override
    public String toString() {
        return "OpenPgpSigner[" + name + ", " + fingerprint() + "]";
    }
}
