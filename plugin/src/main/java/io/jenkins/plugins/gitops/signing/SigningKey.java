package io.jenkins.plugins.gitops.signing;

import io.jenkins.plugins.gitops.core.sign.CommitSigner;
import java.io.Serializable;

/**
 * A signing key's plain values, taken out of its credentials on the controller so that only these travel to the node
 * that makes the commit, where {@link #signer()} unlocks the key in memory. {@link #toString()} shows no secret, and
 * errors name the credentials ID, never the key.
 *
 * @param credentialsId the credentials the key came from, as errors name it
 * @param key           an armoured OpenPGP secret key, or an SSH private key
 * @param passphrase    null for a key without one
 */
public record SigningKey(String credentialsId, String key, String passphrase) implements Serializable {
    /** @throws IllegalArgumentException naming the credentials ID when the key cannot sign */
    public CommitSigner signer() {
        return CommitSigner.read("'" + credentialsId + "'", key, passphrase == null ? null : passphrase.toCharArray());
    }

    @Override
    public String toString() {
        return "SigningKey[" + credentialsId + ", ****]";
    }
}
