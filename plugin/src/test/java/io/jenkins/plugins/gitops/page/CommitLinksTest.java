package io.jenkins.plugins.gitops.page;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class CommitLinksTest {
    private static final String SHA = "fa7698a487b569a305c5364589b53ac98d6626e9";

    @Test
    public void github() {
        String page = "https://github.com/acme/shop-config/commit/" + SHA;
        assertEquals(page, CommitLinks.link("https://github.com/acme/shop-config.git", SHA));
        assertEquals(page, CommitLinks.link("https://github.com/acme/shop-config", SHA));
        assertEquals(page, CommitLinks.link("https://bot:ghp_token@github.com/acme/shop-config.git/", SHA));
        assertEquals(page, CommitLinks.link("git@github.com:acme/shop-config.git", SHA));
        assertEquals(page, CommitLinks.link("ssh://git@github.com/acme/shop-config.git", SHA));
        assertEquals("https://github.example.com/acme/shop-config/commit/" + SHA,
                CommitLinks.link("git@github.example.com:acme/shop-config.git", SHA));
    }

    @Test
    public void gitlabWithSubgroups() {
        String page = "https://gitlab.com/acme/platform/shop-config/-/commit/" + SHA;
        assertEquals(page, CommitLinks.link("https://gitlab.com/acme/platform/shop-config.git", SHA));
        assertEquals(page, CommitLinks.link("git@gitlab.com:acme/platform/shop-config.git", SHA));
        assertEquals("https://gitlab.example.com/acme/shop-config/-/commit/" + SHA,
                CommitLinks.link("ssh://git@gitlab.example.com:2222/acme/shop-config.git", SHA));
        assertEquals("http://gitlab.local:8080/acme/shop-config/-/commit/" + SHA,
                CommitLinks.link("http://gitlab.local:8080/acme/shop-config.git", SHA));
    }

    @Test
    public void bitbucketCloudAndDataCenter() {
        String cloud = "https://bitbucket.org/acme/shop-config/commits/" + SHA;
        assertEquals(cloud, CommitLinks.link("https://bob@bitbucket.org/acme/shop-config.git", SHA));
        assertEquals(cloud, CommitLinks.link("git@bitbucket.org:acme/shop-config.git", SHA));
        String server = "https://bitbucket.example.com/projects/PLAT/repos/shop-config/commits/" + SHA;
        assertEquals(server, CommitLinks.link("https://bitbucket.example.com/scm/plat/shop-config.git", SHA));
        assertEquals(server, CommitLinks.link("ssh://git@bitbucket.example.com:7999/plat/shop-config.git", SHA));
        assertNull("personal repositories", CommitLinks.link("ssh://git@bitbucket.example.com:7999/~bob/shop-config.git", SHA));
    }

    @Test
    public void giteaForgejoAndCodeberg() {
        assertEquals("https://gitea.example.com/acme/shop-config/commit/" + SHA,
                CommitLinks.link("https://gitea.example.com/acme/shop-config.git", SHA));
        assertEquals("https://codeberg.org/acme/shop-config/commit/" + SHA,
                CommitLinks.link("git@codeberg.org:acme/shop-config.git", SHA));
        assertEquals("https://forgejo.example.com/acme/shop-config/commit/" + SHA,
                CommitLinks.link("ssh://git@forgejo.example.com:2222/acme/shop-config.git", SHA));
    }

    @Test
    public void noLinkForUnknownHostsOddPathsOrNonCommits() {
        assertNull(CommitLinks.link("https://git.example.com/platform/shop-config.git", SHA));
        assertNull(CommitLinks.link("git@git.example.com:platform/shop-config.git", SHA));
        assertNull(CommitLinks.link("file:///srv/git/github/shop-config.git", SHA));
        assertNull(CommitLinks.link("/srv/git/github.com/shop-config.git", SHA));
        assertNull("GitHub has no subgroups", CommitLinks.link("https://github.com/acme/sub/shop-config.git", SHA));
        assertNull(CommitLinks.link("https://github.com/acme", SHA));
        assertNull(CommitLinks.link("https://github.com/acme/shop-config.git", "main"));
        assertNull(CommitLinks.link("https://github.com/acme/shop-config.git", SHA + "\"><script>"));
        assertNull(CommitLinks.link(null, SHA));
        assertNull(CommitLinks.link("https://github.com/acme/shop-config.git", null));
    }
}
