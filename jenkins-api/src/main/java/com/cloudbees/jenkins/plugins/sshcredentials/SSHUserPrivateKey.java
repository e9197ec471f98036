package com.cloudbees.jenkins.plugins.sshcredentials;

import hudson.util.Secret;
import java.util.List;

/**
 * Its real superinterface, {@code SSHUser}, is deprecated and left out here: callers look credentials up as
 * {@code StandardCredentials} and test for this type.
 */
public interface SSHUserPrivateKey {
    Secret getPassphrase();

    List<String> getPrivateKeys();
}
