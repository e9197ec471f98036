package io.jenkins.plugins.gitops.core.pr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The secret a host's API is called with: a fixed token, or one that is renewed as it expires (a GitHub App's
 * installation token). Its {@link #identity()} tells tokens apart without showing them.
 */
public interface ApiToken {
    /** The token to send now. */
    String current();

    /** After the host refused {@code refused}: whether there is a new one to try. */
    default boolean renew(String refused) {
        return false;
    }

    /** The same across renewals and never the secret, so that waits with one token share one poller. */
    String identity();

    static ApiToken fixed(String token) {
        return new Fixed(token);
    }

    /** A short digest of {@code text}, for identities. */
    static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token given once, such as a personal or project access token. */
    final class Fixed implements ApiToken {
        private final String token;

        private Fixed(String token) {
            this.token = token;
        }

        @Override
        public String current() {
            return token;
        }

        @Override
        public String identity() {
            return "token " + digest(token);
        }

        @Override
        public String toString() {
            return "ApiToken[****]";
        }
    }
}
