package io.jenkins.plugins.gitops.core.git;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;

/**
 * One of JGit's HTTP requests, on the JDK's {@code HttpURLConnection} as JGit's own, but under the transaction's
 * deadline: reading or writing after it fails, and {@link #abort} closes the socket, which ends a read or a write that
 * is blocked on a server that stopped or drips its bytes (a socket timeout bounds one read, not a transaction).
 */
final class WatchedHttpConnection implements HttpConnection {
    private final HttpURLConnection connection;
    private final TransactionDeadline deadline;

    WatchedHttpConnection(HttpURLConnection connection, TransactionDeadline deadline) {
        this.connection = connection;
        this.deadline = deadline;
    }

    void abort() {
        connection.disconnect();
    }

    @Override
    public int getResponseCode() throws IOException {
        deadline.check();
        return connection.getResponseCode();
    }

    @Override
    public URL getURL() {
        return connection.getURL();
    }

    @Override
    public String getResponseMessage() throws IOException {
        return connection.getResponseMessage();
    }

    @Override
    public Map<String, List<String>> getHeaderFields() {
        return connection.getHeaderFields();
    }

    @Override
    public void setRequestProperty(String key, String value) {
        connection.setRequestProperty(key, value);
    }

    @Override
    public void setRequestMethod(String method) throws ProtocolException {
        connection.setRequestMethod(method);
    }

    @Override
    public void setUseCaches(boolean usecaches) {
        connection.setUseCaches(usecaches);
    }

    @Override
    public void setConnectTimeout(int timeout) {
        connection.setConnectTimeout(deadline.boundMillis(timeout));
    }

    @Override
    public void setReadTimeout(int timeout) {
        connection.setReadTimeout(deadline.boundMillis(timeout));
    }

    @Override
    public String getContentType() {
        return connection.getContentType();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        deadline.check();
        requireSmartAnswer();
        return new FilterInputStream(connection.getInputStream()) {
            @Override
            public int read() throws IOException {
                deadline.check();
                int b = super.read();
                deadline.check();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                deadline.check();
                int n = super.read(b, off, len);
                deadline.check();
                return n;
            }
        };
    }

    /**
     * JGit reads an {@code info/refs} answer without the smart content type as a "dumb" server's, and a cut answer
     * then looks like a repository without the branch. Every git host speaks smart HTTP, so such an answer is refused.
     */
    private void requireSmartAnswer() throws IOException {
        URL url = connection.getURL();
        String query = url.getQuery() == null ? "" : url.getQuery();
        if (!url.getPath().endsWith("/info/refs") || !query.contains("service=git-")
                || connection.getResponseCode() != HttpURLConnection.HTTP_OK) {
            return;
        }
        String type = connection.getContentType();
        if (type == null || !type.startsWith("application/x-git-")) {
            throw new Connection.NotSmartHttp("the server's answer to the ref advertisement was not git's smart HTTP"
                    + " (content type " + (type == null ? "missing" : type) + "): cut short on the way, or not a git"
                    + " server");
        }
    }

    @Override
    public String getHeaderField(String name) {
        return connection.getHeaderField(name);
    }

    @Override
    public List<String> getHeaderFields(String name) {
        List<String> values = connection.getHeaderFields().get(name);
        if (values == null) {
            for (Map.Entry<String, List<String>> e : connection.getHeaderFields().entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
            }
        }
        return values == null ? List.of() : values;
    }

    @Override
    public int getContentLength() {
        return connection.getContentLength();
    }

    @Override
    public void setInstanceFollowRedirects(boolean followRedirects) {
        connection.setInstanceFollowRedirects(followRedirects);
    }

    @Override
    public void setDoOutput(boolean dooutput) {
        connection.setDoOutput(dooutput);
    }

    @Override
    public void setFixedLengthStreamingMode(int contentLength) {
        connection.setFixedLengthStreamingMode(contentLength);
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        deadline.check();
        return new FilterOutputStream(connection.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                deadline.check();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                deadline.check();
                out.write(b, off, len);
            }
        };
    }

    @Override
    public void setChunkedStreamingMode(int chunklen) {
        connection.setChunkedStreamingMode(chunklen);
    }

    @Override
    public String getRequestMethod() {
        return connection.getRequestMethod();
    }

    @Override
    public boolean usingProxy() {
        return connection.usingProxy();
    }

    @Override
    public void connect() throws IOException {
        deadline.check();
        connection.connect();
    }

    @Override
    public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
            throws NoSuchAlgorithmException, KeyManagementException {
        if (connection instanceof HttpsURLConnection https) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(km, tm, random);
            https.setSSLSocketFactory(context.getSocketFactory());
        }
    }

    @Override
    public void setHostnameVerifier(HostnameVerifier hostnameverifier) {
        if (connection instanceof HttpsURLConnection https) https.setHostnameVerifier(hostnameverifier);
    }
}
