package io.jenkins.plugins.gitops.checkout;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class WorkspaceFolderTest {
    @Test
    public void theDefaultFolderIsTheRepositoryName() throws Exception {
        assertEquals("shop-config", WorkspaceFolder.defaultFor("https://git.example.com/platform/shop-config.git"));
        assertEquals("infra", WorkspaceFolder.defaultFor("git@github.com:acme/infra.git/"));
        assertEquals("gitops-config", WorkspaceFolder.defaultFor("https://git.example.com/"));
        assertEquals("a/b", WorkspaceFolder.of("./a//b/", "https://x/y.git"));
    }
}
