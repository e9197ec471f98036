package io.jenkins.plugins.gitops.core.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to check a branch out for work that edits files in place (kustomize, helm, sed) instead of declaring changes.
 *
 * @param url         repository URL (https, http or ssh); user-info never reaches the folder's {@code .git/config}
 * @param branch      branch to check out; null for the remote's default branch
 * @param folder      the folder to check it out into: created when missing, reused when it already holds a checkout of
 *                    the same repository, refused when it holds anything else
 * @param credentials how to authenticate, for this fetch only; never stored
 * @param transport   connection settings that are not secrets
 */
public record CheckoutRequest(String url, String branch, Path folder, Credentials credentials, TransportOptions transport) {
    public CheckoutRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(folder, "folder");
        credentials = credentials == null ? Credentials.NONE : credentials;
        transport = transport == null ? TransportOptions.DEFAULT : transport;
    }
}
