package io.jenkins.plugins.gitops.core.sign;

import io.jenkins.plugins.gitops.core.git.Identity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * SSH signatures ({@code gpg.format=ssh}): an OpenSSH private key held in memory (MINA sshd reads it, as it reads
 * git's SSH keys), signing in the SSHSIG format that {@code ssh-keygen -Y sign -n git} writes and that
 * {@code git verify-commit} checks against {@code gpg.ssh.allowedSignersFile}. An SSH key names no owner, so any
 * committer may sign with it; the allowed-signers file of whoever verifies binds the key to an email.
 */
public final class SshSigner implements CommitSigner {
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final String NAMESPACE = "git";
    private static final String HASH = "sha512";

    private final KeyPair keys;
    private final String algorithm;
    private final byte[] publicKey;
    private final String name;

    private SshSigner(KeyPair keys, String algorithm, byte[] publicKey, String name) {
        this.keys = keys;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.name = name;
    }

    /**
     * @param name       what the key is called in errors: a credential ID, a file name
     * @param openSsh    the private key, as {@code ssh-keygen} writes it ({@code -----BEGIN OPENSSH PRIVATE KEY-----},
     *                   or PEM)
     * @param passphrase null or empty for a key without one
     * @throws IllegalArgumentException naming {@code name} and why the key cannot sign
     */
    public static SshSigner of(String name, String openSsh, char[] passphrase) {
        KeyPair keys;
        try (InputStream in = new ByteArrayInputStream(openSsh.getBytes(StandardCharsets.UTF_8))) {
            FilePasswordProvider password = passphrase == null || passphrase.length == 0 ? FilePasswordProvider.EMPTY
                    : FilePasswordProvider.of(new String(passphrase));
            Iterable<KeyPair> read = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(name), in, password);
            Iterator<KeyPair> first = read == null ? null : read.iterator();
            if (first == null || !first.hasNext()) throw new IOException("no key");
            keys = first.next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            boolean locked = encrypted(openSsh);
            throw new IllegalArgumentException("The signing key " + name + (locked
                    ? " cannot be unlocked: wrong or missing passphrase"
                    : " cannot be read: it must be an SSH private key (-----BEGIN OPENSSH PRIVATE KEY-----)"));
        }
        String keyType = KeyUtils.getKeyType(keys);
        String algorithm = KeyUtils.RSA_SHA512_KEY_TYPE_ALIAS;
        if (!KeyUtils.RSA_SHA256_KEY_TYPE_ALIAS.equals(keyType) && !"ssh-rsa".equals(keyType)) {
            algorithm = keyType;
        }
        if (BuiltinSignatures.fromFactoryName(algorithm) == null || !BuiltinSignatures.fromFactoryName(algorithm).isSupported()) {
            throw new IllegalArgumentException("The signing key " + name + " is of type " + keyType
                    + ", which cannot sign here; use an ed25519, ECDSA or RSA key");
        }
        ByteArrayBuffer blob = new ByteArrayBuffer();
        blob.putRawPublicKey(keys.getPublic());
        return new SshSigner(keys, algorithm, blob.getCompactData(), name);
    }

    /** Whether the key text says it is protected; a key that is not fails to read for another reason. */
    private static boolean encrypted(String text) {
        if (text.contains("ENCRYPTED")) return true;
        int begin = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
        int end = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
        if (begin < 0 || end < begin) return false;
        String body = text.substring(begin + 35, end).replaceAll("\\s", "");
        try {
            byte[] raw = Base64.getDecoder().decode(body);
            // "openssh-key-v1\0", then the cipher name: "none" for a key without a passphrase.
            int at = 15;
            int length = ((raw[at] & 0xff) << 24) | ((raw[at + 1] & 0xff) << 16) | ((raw[at + 2] & 0xff) << 8) | (raw[at + 3] & 0xff);
            return !"none".equals(new String(raw, at + 4, length, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    @Override
    public GpgSignature sign(byte[] commitWithoutSignature) {
        try {
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            DataOutputStream toSign = new DataOutputStream(signed);
            toSign.write(MAGIC);
            string(toSign, NAMESPACE.getBytes(StandardCharsets.US_ASCII));
            string(toSign, new byte[0]);
            string(toSign, HASH.getBytes(StandardCharsets.US_ASCII));
            string(toSign, MessageDigest.getInstance("SHA-512").digest(commitWithoutSignature));

            Signature signer = BuiltinSignatures.fromFactoryName(algorithm).create();
            signer.initSigner(null, keys.getPrivate());
            signer.update(null, signed.toByteArray());
            ByteArrayOutputStream signatureBlob = new ByteArrayOutputStream();
            DataOutputStream signature = new DataOutputStream(signatureBlob);
            string(signature, algorithm.getBytes(StandardCharsets.US_ASCII));
            string(signature, signer.sign(null));

            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(whole);
            out.write(MAGIC);
            out.writeInt(1);
            string(out, publicKey);
            string(out, NAMESPACE.getBytes(StandardCharsets.US_ASCII));
            string(out, new byte[0]);
            string(out, HASH.getBytes(StandardCharsets.US_ASCII));
            string(out, signatureBlob.toByteArray());
            return new GpgSignature(armor(whole.toByteArray()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign with the signing key " + name + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static void string(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    /** As {@code ssh-keygen -Y sign} writes it: base64 in lines of 70. */
    private static byte[] armor(byte[] signature) {
        String base64 = Base64.getEncoder().encodeToString(signature);
        StringBuilder text = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
        for (int i = 0; i < base64.length(); i += 70) {
            text.append(base64, i, Math.min(base64.length(), i + 70)).append('\n');
        }
        return text.append("-----END SSH SIGNATURE-----").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void checkCommitter(Identity committer) {
        // An SSH key names no owner: the verifier's allowed-signers file binds it to the committer's email.
    }

    /** As {@code ssh-keygen -l} shows it: {@code SHA256:…}. */
    @Override
    public String fingerprint() {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(publicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key, as a line of an allowed-signers or authorized-keys file. */
    public String publicKey() {
        return algorithmOfKey() + " " + Base64.getEncoder().encodeToString(publicKey);
    }

    private String algorithmOfKey() {
        return KeyUtils.getKeyType(keys);
    }

    @Override
    public String format() {
        return "ssh";
    }

    @Override
    public String toString() {
        return "SshSigner[" + name + ", " + fingerprint() + "]";
    }
}
