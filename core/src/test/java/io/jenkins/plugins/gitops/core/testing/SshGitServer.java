package io.jenkins.plugins.gitops.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.git.GitLocationResolver;
import org.apache.sshd.git.pack.GitPackCommandFactory;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;

/**
 * An SSH git server on 127.0.0.1 (Apache MINA sshd) that accepts one client key, serving the bare repositories under a
 * folder as {@code ssh://git@127.0.0.1:PORT/NAME}: with JGit's pack commands ({@link #start}), or with C git's own
 * {@code git-receive-pack} and {@code git-upload-pack} run as processes, as git hosts and {@code sshd} do
 * ({@link #startCGit}). Keys are EC, made in memory.
 */
public final class SshGitServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final KeyPair clientKey;

    private SshGitServer(SshServer server, KeyPair hostKey, KeyPair clientKey) {
        this.server = server;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
    }

    public static SshGitServer start(Path root) throws Exception {
        return start(new GitPackCommandFactory().withGitLocationResolver(GitLocationResolver.constantPath(root)));
    }

    public static SshGitServer startCGit(Path root) throws Exception {
        return start(cGit(root));
    }

    /**
     * C git's commands, but the output of {@code stalled} ({@code git-upload-pack} or {@code git-receive-pack}) stops
     * after its first {@code bytes} bytes and the connection stays open, as a server that hangs in the middle does.
     */
    public static SshGitServer startCGitStallingAfter(Path root, String stalled, int bytes) throws Exception {
        CommandFactory git = cGit(root);
        return start((channel, command) -> {
            Command run = git.createCommand(channel, command);
            return command.startsWith(stalled + " ") ? new StallingCommand(run, bytes) : run;
        });
    }

    private static CommandFactory cGit(Path root) {
        String base = root.toAbsolutePath().toString();
        return (channel, command) -> {
            List<String> words = CommandFactory.split(command);
            if (words.size() != 2 || !(words.get(0).equals("git-receive-pack") || words.get(0).equals("git-upload-pack"))) {
                throw new IOException("not a git command: " + command);
            }
            String repo = base + "/" + words.get(1).replaceFirst("^/+", "");
            return ProcessShellCommandFactory.INSTANCE.createCommand(channel, words.get(0) + " '" + repo + "'");
        };
    }

    /** A command whose output is held after its first bytes until the channel is torn down. */
    private static final class StallingCommand implements Command {
        private final Command command;
        private final int bytes;
        private final CountDownLatch released = new CountDownLatch(1);

        StallingCommand(Command command, int bytes) {
            this.command = command;
            this.bytes = bytes;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            command.setOutputStream(new FilterOutputStream(out) {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    int now = (int) Math.max(0, Math.min(len, bytes - written));
                    out.write(b, off, now);
                    written += now;
                    if (now < len) {
                        out.flush();
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("stalled");
                    }
                }
            });
        }

        @Override
        public void setInputStream(InputStream in) {
            command.setInputStream(in);
        }

        @Override
        public void setErrorStream(OutputStream err) {
            command.setErrorStream(err);
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            command.setExitCallback(callback);
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            command.start(channel, env);
        }

        @Override
        public void destroy(ChannelSession channel) throws Exception {
            released.countDown();
            command.destroy(channel);
        }
    }

    private static SshGitServer start(CommandFactory commands) throws Exception {
        KeyPair host = newKey();
        KeyPair client = newKey();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(host));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client.getPublic()));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(commands);
        server.start();
        return new SshGitServer(server, host, client);
    }

    public static KeyPair newKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public String url(String name) {
        return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name;
    }

    /** The known_hosts line for this server's host key. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** The client private key in OpenSSH format, as a credential would hold it. */
    public String clientPrivateKey() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "gitops-test", null, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        server.stop(true);
    }
}
