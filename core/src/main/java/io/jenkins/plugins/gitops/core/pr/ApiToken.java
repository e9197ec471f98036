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

    /**
     * A user name and password (an app password, an API token with its account's email): sent as HTTP Basic to the
     * hosts that take it so (Bitbucket, Azure DevOps); the others take the password as the token.
     */
    static ApiToken basic(String user, String password) {
        return new Basic(user, password);
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

    /** A user name and password, as HTTP Basic: {@link #current()} is the encoded pair. */
    final class Basic implements ApiToken {
        private final String user;
        private final String password;

        private Basic(String user, String password) {
            this.user = user == null ? "" : user;
            this.password = password == null ? "" : password;
        }

        @Override
        public String current() {
            return java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        public String user() {
            return user;
        }

        /** The password alone, for the hosts that take a token where a password is given. */
        public String password() {
            return password;
        }

        @Override
        public String identity() {
            return "basic " + digest(user + ":" + password);
        }

        @Override
        public String toString() {
            return "ApiToken[" + user + ", ****]";
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
