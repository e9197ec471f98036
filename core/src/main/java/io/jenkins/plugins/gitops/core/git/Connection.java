package io.jenkins.plugins.gitops.core.git;

import io.jenkins.plugins.gitops.core.net.HttpProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * How to reach one repository during one transaction: the URL without user-info, credentials handed to JGit in memory,
 * and for SSH a session factory of its own whose temporary home holds only the caller's known hosts and is deleted on
 * close.
 */
final class Connection implements AutoCloseable {
    final URIish uri;
    final String shownUrl;
    private final CredentialsProvider credentials;
    private final SshdSessionFactory ssh;
    private final Path sshHome;
    private final int timeoutSeconds;
    private final String secret;
    private final HttpProxy proxy;
    private final Credentials.UsernamePassword basic;
    private volatile boolean atOnce;
    private volatile TransactionDeadline deadline = TransactionDeadline.NONE;
    private volatile boolean deadlineHit;

    private Connection(URIish uri, CredentialsProvider credentials, SshdSessionFactory ssh, Path sshHome, int timeoutSeconds,
            String secret, HttpProxy proxy, Credentials.UsernamePassword basic) {
        this.uri = uri;
        this.basic = basic;
        this.shownUrl = Urls.redact(uri.toString());
        this.credentials = credentials;
        this.ssh = ssh;
        this.sshHome = sshHome;
        this.timeoutSeconds = timeoutSeconds;
        this.secret = secret;
        this.proxy = proxy;
    }

    static Connection open(String url, Credentials given, TransportOptions options) {
        URIish full = parse(url);
        URIish uri = Urls.withoutUserInfo(url);
        Credentials credentials = given;
        if (credentials instanceof Credentials.None && full.getPass() != null) {
            credentials = new Credentials.UsernamePassword(full.getUser(), full.getPass());
        }
        int timeout = (int) Math.max(1, options.timeout().toSeconds());
        boolean isSsh = uri.getScheme() == null ? uri.getHost() != null : uri.getScheme().toLowerCase().contains("ssh");
        if (credentials instanceof Credentials.UsernamePassword up) {
            if (isSsh) throw new GitopsException("Username and password are not supported for SSH URL " + Urls.redact(url) + "; use an SSH key");
            return new Connection(uri, new AskedCredentials(up), null, null, timeout, up.password(), options.proxy(), up);
        }
        if (!isSsh) return new Connection(uri, null, null, null, timeout, null, options.proxy(), null);
        Credentials.SshKey key = credentials instanceof Credentials.SshKey k ? k : null;
        if (key != null && key.username() != null && uri.getUser() == null) uri = uri.setUser(key.username());
        Path home = null;
        try {
            home = Files.createTempDirectory("gitops-ssh");
            Path sshDir = Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(sshDir.resolve("known_hosts"), options.knownHosts(), StandardCharsets.UTF_8);
            Files.writeString(sshDir.resolve("config"), "Host *\n  StrictHostKeyChecking "
                    + (options.acceptUnknownHosts() ? "accept-new" : "yes") + "\n  BatchMode yes\n", StandardCharsets.UTF_8);
            List<KeyPair> keys = key == null ? List.of() : loadKeys(key, Urls.redact(url));
            SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setDefaultIdentities(dir -> List.of())
                    .setDefaultKeysProvider(dir -> keys)
                    .setPreferredAuthentications("publickey")
                    .build(null);
            return new Connection(uri, null, factory, home, timeout, key == null ? null : key.passphrase(),
                    HttpProxy.NONE, null);
        } catch (IOException e) {
            deleteTree(home);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteTree(home);
            throw e;
        }
    }

    private static URIish parse(String url) {
        try {
            return new URIish(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new GitopsException("Not a repository URL: " + Urls.redact(url));
        }
    }

    private static List<KeyPair> loadKeys(Credentials.SshKey key, String shownUrl) {
        FilePasswordProvider passphrase = key.passphrase() == null || key.passphrase().isEmpty()
                ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(key.passphrase());
        try {
            List<KeyPair> keys = new ArrayList<>();
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("ssh credential"),
                    new ByteArrayInputStream(key.privateKey().getBytes(StandardCharsets.UTF_8)), passphrase);
            if (loaded != null) loaded.forEach(keys::add);
            if (keys.isEmpty()) throw new GitopsException("The SSH key for " + shownUrl + " holds no private key");
            return List.copyOf(keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new GitopsException("Cannot read the SSH key for " + shownUrl
                    + " (wrong passphrase or unsupported format): " + e.getClass().getSimpleName());
        }
    }

    /** Applies credentials, the SSH factory or the HTTP proxy, and the timeout to a transport JGit opened for this URL. */
    void configure(Transport transport) {
        transport.setTimeout(timeoutSeconds);
        ProxiedConnections.apply(transport, proxy, deadline);
        if (credentials != null) transport.setCredentialsProvider(credentials);
        if (atOnce && basic != null && transport instanceof TransportHttp http) {
            http.setPreemptiveBasicAuthentication(basic.username(), basic.password());
        }
        if (ssh != null && transport instanceof SshTransport s) s.setSshSessionFactory(new WatchedSessions(ssh, deadline));
    }

    /**
     * From now on, HTTP work on this connection ends by {@code nanoTime} (a {@link System#nanoTime()} value) whatever
     * the server does.
     */
    void endBy(long nanoTime) {
        if (deadline.passed()) deadlineHit = true;
        deadline.close();
        deadline = TransactionDeadline.at(nanoTime);
    }

    /** Whether network work stopped because a deadline given to {@link #endBy} passed. */
    boolean deadlinePassed() {
        return deadlineHit || deadline.passed();
    }

    /**
     * Sends the user name and password with the first request instead of after the server's 401 challenge, which
     * saves a round trip per request: for a server that asked for them before.
     */
    void sendCredentialsAtOnce() {
        atOnce = true;
    }

    /** Whether the server asked for the user name and password (with a 401 challenge) during this transaction. */
    boolean credentialsAsked() {
        return credentials instanceof AskedCredentials a && a.asked;
    }

    /**
     * SSH sessions of one transaction under its deadline: connected and their channels opened within it, and their
     * command's channel closed at once when it passes. JGit's own timeout bounds one read only, and a server that
     * hangs between two reads never lets it fire before it.
     */
    private static final class WatchedSessions extends SshSessionFactory {
        private final SshdSessionFactory delegate;
        private final TransactionDeadline deadline;

        WatchedSessions(SshdSessionFactory delegate, TransactionDeadline deadline) {
            this.delegate = delegate;
            this.deadline = deadline;
        }

        @Override
        public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int tms)
                throws org.eclipse.jgit.errors.TransportException {
            RemoteSession session = delegate.getSession(uri, credentials, fs, deadline.boundMillis(tms));
            return new RemoteSession() {
                @Override
                public Process exec(String command, int timeoutSeconds) throws java.io.IOException {
                    Process process = session.exec(command, deadline.boundSeconds(timeoutSeconds));
                    deadline.watch(process::destroy);
                    return process;
                }

                @Override
                public void disconnect() {
                    session.disconnect();
                }
            };
        }

        @Override
        public void releaseSession(RemoteSession session) {
            session.disconnect();
        }

        @Override
        public String getType() {
            return delegate.getType();
        }
    }

    /** Remembers that JGit asked for the credentials, which it does only after a server's 401 challenge. */
    private static final class AskedCredentials extends UsernamePasswordCredentialsProvider {
        volatile boolean asked;

        AskedCredentials(Credentials.UsernamePassword up) {
            super(up.username(), up.password());
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
            asked = true;
            return super.get(uri, items);
        }
    }

    /**
     * What went wrong on the network, in plain words: a cut connection, a server that did not answer in time, one
     * that cannot be reached; else JGit's message made fit for a log.
     */
    String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof java.net.SocketTimeoutException) {
                return "the server did not answer within the network timeout of " + timeoutSeconds + " s";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + uri.getHost();
            }
            if (t instanceof java.net.ConnectException) {
                return clean("cannot connect to " + uri.getHost() + ":" + port() + " (" + m + ")");
            }
            if (t instanceof NotSmartHttp) {
                return m;
            }
            if (t instanceof java.io.EOFException || m.contains("Unexpected end of file") || m.contains("Premature EOF")
                    || m.contains("Short read") || m.contains("Connection reset") || m.contains("Broken pipe")
                    || m.contains("Socket closed") || m.contains("Stream closed")) {
                return "the connection was cut in the middle of the exchange";
            }
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 400; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return clean(text.toString());
    }

    private int port() {
        if (uri.getPort() > 0) return uri.getPort();
        String scheme = uri.getScheme() == null ? "ssh" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : 22;
    }

    /** A server's answer to {@code info/refs} that is not smart HTTP: cut short on the way, or a server we cannot use. */
    static final class NotSmartHttp extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        NotSmartHttp(String message) {
            super(message);
        }
    }

    /** A JGit message made fit for a log: URLs without user-info and the secret masked. */
    String clean(String message) {
        String m = mask(message);
        if (proxy.isSet() && !proxy.bypasses(uri.getHost()) && isConnectionFailure(m)) {
            m += " (through the HTTP proxy " + proxy.address() + ")";
        }
        m = m.replace(shownUrl + ": ", "").replace(Urls.redact(uri.toString()) + ": ", "");
        if (m.contains("Server key did not validate")) {
            m += " (the host key is not in the known hosts given, or differs from it)";
        }
        return m;
    }

    /** A server's words made fit for a log: URLs without user-info and the secrets masked. */
    String mask(String message) {
        String m = Urls.redactAll(message == null ? "" : message);
        if (secret != null && !secret.isEmpty()) m = m.replace(secret, "****");
        if (proxy.password() != null && !proxy.password().isEmpty()) m = m.replace(proxy.password(), "****");
        return m;
    }

    private static boolean isConnectionFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("connection failed") || m.contains("connection refused") || m.contains("connection reset")
                || m.contains("timed out") || m.contains("unknown host") || m.contains("unknownhost")
                || m.contains("407") || m.contains("proxy");
    }

    @Override
    public void close() {
        deadline.close();
        if (ssh != null) ssh.close();
        deleteTree(sshHome);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
