package io.jenkins.plugins.gitops.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class UrlsTest {
    @Test
    public void remoteGitUrlsAreAccepted() {
        for (String url : new String[] {"https://git.example.com/a/b.git", "http://git.example.com/b.git",
                "ssh://git@git.example.com:2222/a/b.git", "git://git.example.com/b.git", "git@git.example.com:a/b.git",
                "git.example.com:a/b.git", "https://bot@git.example.com/b.git"}) {
            assertNull(url, Urls.refusedGitUrl(url));
        }
    }

    @Test
    public void localAndOddGitUrlsAreRefused() {
        assertEquals("file: URLs are not accepted: they would read the controller's file system",
                Urls.refusedGitUrl("file:///var/lib/jenkins/secrets"));
        assertEquals("file: URLs are not accepted: they would read the controller's file system", Urls.refusedGitUrl("FILE:/x"));
        assertEquals("'/srv/git/a.git' is not a remote URL; local paths are not accepted", Urls.refusedGitUrl("/srv/git/a.git"));
        assertEquals("'../a.git' is not a remote URL; local paths are not accepted", Urls.refusedGitUrl("../a.git"));
        assertTrue(Urls.refusedGitUrl("C:\\repos\\a.git").contains("local paths"));
        assertTrue(Urls.refusedGitUrl("C:/repos/a.git").contains("local paths"));
        assertTrue(Urls.refusedGitUrl("ext::sh -c touch% /tmp/pwned").contains("local paths"));
        assertTrue(Urls.refusedGitUrl("sftp://host/a.git").startsWith("URLs with scheme 'sftp:'"));
    }

    @Test
    public void passwordsInUrlsAreRefused() {
        assertEquals(Urls.NO_PASSWORDS, Urls.refusedGitUrl("https://bot:hunter2@git.example.com/b.git"));
        assertEquals(Urls.NO_PASSWORDS, Urls.refusedHttpUrl("https://admin:hunter2@argocd.example.com"));
    }

    @Test
    public void redactionRemovesUserInfoEverywhereInTheText() {
        assertEquals("Cannot list https://git.example.com/b.git: not authorized for https://git.example.com/c",
                Urls.redact("Cannot list https://bot:hunter2@git.example.com/b.git: not authorized for https://x@git.example.com/c"));
        assertEquals("git@git.example.com:a/b.git", Urls.redact("git@git.example.com:a/b.git"));
        assertEquals("token **** refused", Urls.scrub("token abcd1234 refused", "abcd1234", null));
    }
}
