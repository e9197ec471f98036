package io.jenkins.plugins.gitops.core.wait;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class RepoUrlsTest {

    private static final String URL = "https://git.example.com/platform/shop-config.git";

    @Test
    public void sameRepositoryDespiteSpelling() {
        assertTrue(RepoUrls.sameRepository(URL, "https://git.example.com/platform/shop-config"));
        assertTrue(RepoUrls.sameRepository(URL, "HTTPS://Git.Example.COM/platform/shop-config/"));
        assertTrue(RepoUrls.sameRepository(URL, "https://jenkins@git.example.com:443/platform/shop-config.git"));
        assertTrue(RepoUrls.sameRepository(URL, "git@git.example.com:platform/shop-config.git"));
        assertTrue(RepoUrls.sameRepository(URL, "ssh://git@git.example.com/platform/shop-config.git"));
    }

    @Test
    public void differentRepositories() {
        assertFalse(RepoUrls.sameRepository(URL, "https://git.example.com/platform/shop-config-v2.git"));
        assertFalse(RepoUrls.sameRepository(URL, "https://git.example.com/Platform/shop-config.git"));
        assertFalse(RepoUrls.sameRepository(URL, "https://charts.example.com/stable"));
        assertFalse(RepoUrls.sameRepository(URL, null));
    }
}
