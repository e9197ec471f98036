package io.jenkins.plugins.gitops.config;

import io.jenkins.plugins.gitops.core.git.ProxiedConnections;
import io.jenkins.plugins.gitops.credentials.GitAuth;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * What {@code git ls-remote} does, from the controller, with the configured credentials: proves that the URL is a
 * repository that the credentials may read. SSH uses only the configured key and known hosts, never the controller's
 * own {@code ~/.ssh}.
 */
final class GitRemoteProbe {
    private GitRemoteProbe() {
    }

    static ProbeResult check(String url, GitAuth auth, String knownHosts, boolean acceptUnknownHosts, Duration timeout) {
        LsRemoteCommand ls = Git.lsRemoteRepository().setRemote(url).setTimeout((int) timeout.toSeconds());
        SshSetup ssh = null;
        try {
            if (auth.kind() == GitAuth.Kind.USERNAME_PASSWORD) {
                ls.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                        auth.username() == null ? "" : auth.username(), auth.secret() == null ? "" : auth.secret()));
            }
            ls.setTransportConfigCallback(t -> ProxiedConnections.apply(t, auth.proxy()));
            if (isSsh(url)) {
                ssh = new SshSetup(auth, knownHosts, acceptUnknownHosts);
                SshdSessionFactory factory = ssh.factory;
                ls.setTransportConfigCallback(t -> {
                    if (t instanceof SshTransport s) {
                        s.setSshSessionFactory(factory);
                    }
                });
                ls.setCredentialsProvider(new PassphraseProvider(auth.passphrase()));
            }
            Map<String, Ref> refs = ls.callAsMap();
            Ref head = refs.get("HEAD");
            String branch = head != null && head.isSymbolic() ? ", HEAD is " + head.getTarget().getName() : "";
            return ProbeResult.connected("Connected to " + Urls.redact(url) + ": " + refs.size() + " refs" + branch);
        } catch (GitAPIException | RuntimeException e) {
            return ProbeResult.failed(Urls.scrub("Cannot list " + Urls.redact(url) + ": " + describe(e),
                    auth.secret(), auth.passphrase()));
        } finally {
            if (ssh != null) {
                ssh.close();
            }
        }
    }

    static boolean isSsh(String url) {
        try {
            URIish uri = new URIish(url);
            String scheme = uri.getScheme();
            return scheme == null ? uri.getHost() != null : scheme.equals("ssh") || scheme.equals("git+ssh");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 400; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    /** A throw-away SSH home holding only the key and known hosts of this test. */
    private static final class SshSetup implements AutoCloseable {
        final Path home;
        final SshdSessionFactory factory;

        SshSetup(GitAuth auth, String knownHosts, boolean acceptUnknownHosts) {
            try {
                home = Files.createTempDirectory("gitops-ssh-probe");
                Path hosts = home.resolve("known_hosts");
                Files.writeString(hosts, knownHosts == null ? "" : knownHosts + "\n", StandardCharsets.UTF_8);
                StringBuilder config = new StringBuilder("Host *\n")
                        .append("  UserKnownHostsFile ").append(hosts).append('\n')
                        .append("  GlobalKnownHostsFile ").append(Files.createFile(home.resolve("no_global_hosts"))).append('\n')
                        .append("  StrictHostKeyChecking ").append(acceptUnknownHosts ? "no" : "yes").append('\n')
                        .append("  IdentitiesOnly yes\n")
                        .append("  PreferredAuthentications publickey\n");
                if (auth.kind() == GitAuth.Kind.SSH_KEY) {
                    Path key = home.resolve("id_gitops");
                    createOwnerOnly(key);
                    Files.writeString(key, auth.secret().endsWith("\n") ? auth.secret() : auth.secret() + "\n");
                    config.append("  IdentityFile ").append(key).append('\n');
                    if (auth.username() != null) {
                        config.append("  User ").append(auth.username()).append('\n');
                    }
                }
                Path configFile = home.resolve("config");
                Files.writeString(configFile, config, StandardCharsets.UTF_8);
                factory = new SshdSessionFactoryBuilder()
                        .setHomeDirectory(home.toFile())
                        .setSshDirectory(home.toFile())
                        .setConfigFile(dir -> configFile.toFile())
                        .build(null);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot prepare the SSH test", e);
            }
        }

        /** Readable by its owner only: POSIX permissions where the file system has them (not on Windows). */
        private static void createOwnerOnly(Path file) throws IOException {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                return;
            }
            File created = Files.createFile(file).toFile();
            if (!(created.setReadable(false, false) && created.setReadable(true, true)
                    && created.setWritable(false, false) && created.setWritable(true, true))) {
                throw new IOException("cannot make " + file + " private");
            }
        }

        @Override
        public void close() {
            factory.close();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: the folder is in the temporary directory
            }
        }
    }

    /** Answers JGit's question for the key's passphrase, and nothing else. */
    private static final class PassphraseProvider extends CredentialsProvider {
        private final String passphrase;

        PassphraseProvider(String passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public boolean isInteractive() {
            return false;
        }

        @Override
        public boolean supports(CredentialItem... items) {
            for (CredentialItem item : items) {
                if (!(item instanceof CredentialItem.Password) && !(item instanceof CredentialItem.InformationalMessage)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean get(URIish uri, CredentialItem... items) {
            for (CredentialItem item : items) {
                if (item instanceof CredentialItem.Password p) {
                    if (passphrase == null) {
                        return false;
                    }
                    p.setValue(passphrase.toCharArray());
                }
            }
            return true;
        }
    }
}
