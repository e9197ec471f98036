package io.jenkins.plugins.gitops.core.git;

import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

/**
 * What {@code git ls-remote} shows of a repository, read the way every transaction connects (credentials in memory,
 * only the given SSH host keys, the proxy): so that a connection test proves what the builds will do.
 *
 * @param count how many refs the remote advertises
 * @param head  the ref the remote's HEAD points at, or null when it names none
 */
public record RemoteRefs(int count, String head) {

    /** @throws GitopsException naming the URL and the cause, without secrets, when the remote cannot be listed */
    public static RemoteRefs list(String url, Credentials credentials, TransportOptions options) {
        Urls.checkAllowed(url);
        try (Connection connection = Connection.open(url, credentials, options)) {
            Map<String, Ref> refs = advertised(connection);
            Ref head = refs.get(Constants.HEAD);
            return new RemoteRefs(refs.size(), head != null && head.isSymbolic() ? head.getTarget().getName() : null);
        }
    }

    static Map<String, Ref> advertised(Connection connection) {
        try {
            return Git.lsRemoteRepository().setRemote(connection.uri.toString())
                    .setTransportConfigCallback(connection::configure).callAsMap();
        } catch (GitAPIException e) {
            throw new GitopsException("Cannot list " + connection.shownUrl + ": " + connection.describe(e), e);
        }
    }
}
