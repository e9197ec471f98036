package io.jenkins.plugins.gitops.core.git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class UrlsTest {
    @Test
    public void redactRemovesUserInfo() {
        assertEquals("https://git.example.com/a.git", Urls.redact("https://bob:t0k@git.example.com/a.git"));
        assertEquals("ssh://git.example.com:2222/a.git", Urls.redact("ssh://git@git.example.com:2222/a.git"));
        assertEquals("see https://h/x and http://h/y", Urls.redactAll("see https://u:p@h/x and http://p@h/y"));
    }

    @Test
    public void sameRepositorySameKey() {
        assertEquals(Urls.cacheKey("https://GIT.example.com/a.git"), Urls.cacheKey("https://bob:x@git.example.com/a/"));
        assertFalse(Urls.cacheKey("https://git.example.com/a").equals(Urls.cacheKey("https://git.example.com/b")));
    }

    @Test
    public void localDetection() {
        assertTrue(Urls.isLocal("file:///x"));
        assertTrue(Urls.isLocal("/srv/git/x.git"));
        assertFalse(Urls.isLocal("git@github.com:org/repo.git"));
        assertFalse(Urls.isLocal("https://github.com/org/repo.git"));
    }
}
