package io.jenkins.plugins.gitops.core.pr;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

/**
 * Which host a repository's pull requests go to, and the API URL that is made when none is given: each row a git URL,
 * the host named (or blank), the API URL given (or blank), and what the host's key must start with.
 */
public class PullRequestHostsTest {
    private static final String[][] ROWS = {
            {"https://github.com/acme/cfg.git", "", "", "GitHub https://api.github.com acme/cfg"},
            {"https://ghe.example.com/acme/cfg.git", "", "", "GitHub https://ghe.example.com/api/v3 acme/cfg"},
            {"https://gitlab.com/platform/deploy/shop.git", "", "", "GitLab https://gitlab.com/api/v4 platform/deploy/shop"},
            {"http://git.example.com:8080/platform/shop.git", "gitlab", "", "GitLab http://git.example.com:8080/api/v4 platform/shop"},
            {"https://git.example.com/ops/deploy.git", "", "https://git.example.com/api/v1", "Gitea https://git.example.com/api/v1 ops/deploy"},
            {"https://bb.example.com:8443/bitbucket/scm/OPS/shop.git", "", "",
                    "Bitbucket Data Center https://bb.example.com:8443/bitbucket/rest OPS/shop"},
            {"ssh://git@bb.example.com:7999/ops/shop.git", "bitbucket-datacenter", "", "Bitbucket Data Center https://bb.example.com/rest ops/shop"},
            {"https://bitbucket.org/acme/deploy.git", "", "", "Bitbucket Cloud https://api.bitbucket.org/2.0 acme/deploy"},
            {"https://dev.azure.com/fabrikam/My%20Project/_git/My%20Repo", "", "",
                    "Azure DevOps https://dev.azure.com/fabrikam/My%20Project/_apis/git/repositories/My%20Repo"},
    };

    @Test
    public void theHostAndItsApiAreToldFromTheUrls() {
        for (String[] row : ROWS) {
            String key = PullRequestHosts.forRepository(row[1], row[0], row[2], "t0ken", Duration.ofSeconds(5), null)
                    .watchKey();
            assertTrue(String.join(" | ", row) + " -> " + key, key.startsWith(row[3] + " "));
            assertTrue("no token in the key: " + key, !key.contains("t0ken"));
        }
    }
}
