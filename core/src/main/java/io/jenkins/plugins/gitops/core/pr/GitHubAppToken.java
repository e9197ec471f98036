package io.jenkins.plugins.gitops.core.pr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A GitHub App's installation token for one repository: a JSON web token signed with the App's private key (RS256,
 * issued by the App ID) is exchanged for an installation token limited to that repository, which is kept in memory
 * and exchanged again before it expires (an hour), or at once when GitHub refuses it. The key and the JWT are never
 * sent anywhere else, logged, or written.
 */
public final class GitHubAppToken implements ApiToken {
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(9);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final String appId;
    private final PrivateKey key;
    private final URI api;
    private final RepoPath path;
    private final Duration timeout;
    private final HttpClient client;
    private final Clock clock;
    private final Duration refreshBefore;
    private String token;
    private Instant expiresAt;

    private GitHubAppToken(String appId, PrivateKey key, URI api, RepoPath path, Duration timeout, HttpClient client,
            Clock clock, Duration refreshBefore) {
        this.appId = appId;
        this.key = key;
        this.api = api;
        this.path = path;
        this.timeout = timeout;
        this.client = client;
        this.clock = clock;
        this.refreshBefore = refreshBefore;
    }

    /**
     * @param privateKeyPem the App's private key as GitHub hands it out ({@code BEGIN RSA PRIVATE KEY}) or in PKCS#8
     *                      ({@code BEGIN PRIVATE KEY})
     * @throws IllegalArgumentException when the App ID or the key cannot be used; the message never shows the key
     */
    public static GitHubAppToken forRepository(String gitUrl, String apiUrl, String appId, String privateKeyPem,
            Duration timeout, HttpClient client) {
        return forRepository(gitUrl, apiUrl, appId, privateKeyPem, timeout, client, Clock.systemUTC(),
                Duration.ofMinutes(5));
    }

    /** With the clock that tells when the token expires, and how long before that it is renewed (tests). */
    public static GitHubAppToken forRepository(String gitUrl, String apiUrl, String appId, String privateKeyPem,
            Duration timeout, HttpClient client, Clock clock, Duration refreshBefore) {
        if (appId == null || !appId.trim().matches("\\d+|Iv[0-9A-Za-z.]+")) {
            throw new IllegalArgumentException("A GitHub App ID is a number (or the App's client ID, Iv…), not '"
                    + (appId == null ? "" : appId.trim()) + "'");
        }
        RepoPath path = RepoPath.of(gitUrl);
        return new GitHubAppToken(appId.trim(), readKey(privateKeyPem), GitHubPulls.api(path, apiUrl), path, timeout,
                client, clock, refreshBefore);
    }

    @Override
    public synchronized String current() {
        if (token == null || !clock.instant().isBefore(expiresAt.minus(refreshBefore))) mint();
        return token;
    }

    @Override
    public synchronized boolean renew(String refused) {
        if (refused.equals(token)) mint();
        return !refused.equals(token);
    }

    @Override
    public String identity() {
        return "github-app " + appId;
    }

    /** When the installation token in use expires; null before the first. */
    public synchronized Instant expiresAt() {
        return expiresAt;
    }

    private void mint() {
        RestCalls asApp = new RestCalls("GitHub", api, path.owner() + "/" + path.repo(), "Authorization", "Bearer ",
                GitHubPulls.HEADERS, ApiToken.fixed(jwt()), timeout, client);
        String who = "GitHub App " + appId + ": ";
        try {
            JsonNode installation = asApp.call("GET", "/repos/" + path.owner() + "/" + path.repo() + "/installation", null,
                    "find the App's installation on the repository");
            ObjectNode request = RestCalls.JSON.createObjectNode();
            request.putArray("repositories").add(path.repo());
            JsonNode issued = asApp.call("POST", "/app/installations/" + installation.path("id").asLong()
                    + "/access_tokens", request, "get an installation token");
            String minted = issued.path("token").asText("");
            if (minted.isEmpty()) throw new PullRequestException(who + "GitHub answered without a token");
            token = minted;
            expiresAt = Instant.parse(issued.path("expires_at").asText());
        } catch (PullRequestException e) {
            throw new PullRequestException(who + e.getMessage(), e.retryAfter(), e);
        } catch (DateTimeParseException e) {
            throw new PullRequestException(who + "GitHub answered with an unreadable expires_at", e);
        }
    }

    /** RS256 JWT, issued a minute in the past for clocks that differ, valid for nine of the ten minutes allowed. */
    private String jwt() {
        Instant now = clock.instant();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(RestCalls.JSON.createObjectNode()
                .put("iat", now.minus(CLOCK_SKEW).getEpochSecond()).put("exp", now.plus(JWT_LIFETIME).getEpochSecond())
                .put("iss", appId).toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + url.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the GitHub App's key", e);
        }
    }

    static PrivateKey readKey(String pem) {
        String unreadable = "The GitHub App's private key cannot be read: it must be an RSA private key in PEM"
                + " (-----BEGIN RSA PRIVATE KEY----- as GitHub hands it out, or -----BEGIN PRIVATE KEY-----)";
        if (pem == null || !pem.contains("-----BEGIN ") || pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException(unreadable);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").strip());
            if (pem.contains("BEGIN RSA PRIVATE KEY")) der = pkcs8(der);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(unreadable);
        }
    }

    /** A PKCS#1 RSAPrivateKey inside PKCS#8's PrivateKeyInfo, which the JDK reads. */
    private static byte[] pkcs8(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] rsaEncryption = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] octets = der(0x04, pkcs1);
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(version);
        inner.writeBytes(rsaEncryption);
        inner.writeBytes(octets);
        return der(0x30, inner.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(length >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "GitHubAppToken[" + appId + ", ****]";
    }
}
