package io.jenkins.plugins.gitops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gitops.GitopsRunAction.CommitRecord;
import io.jenkins.plugins.gitops.GitopsRunAction.WaitRecord;
import io.jenkins.plugins.gitops.config.ConfigRepository;
import io.jenkins.plugins.gitops.config.GitopsConfiguration;
import io.jenkins.plugins.gitops.testing.JenkinsClassFilter;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Files as version 0.1 saved them: the global configuration, a Freestyle job's {@code config.xml} with the wrapper,
 * and a build's {@code build.xml} with the build page's record (written before records kept SSH host keys). Each of
 * our elements is read back by XStream behind Jenkins' class filter, so a moved or renamed persisted class fails here.
 */
public class OldSavedDataTest {

    private static Object read(String file, String elementName) throws Exception {
        try (InputStream in = OldSavedDataTest.class.getResourceAsStream("saved/" + file)) {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Element element = (Element) doc.getElementsByTagName(elementName).item(0);
            StringWriter xml = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(element), new StreamResult(xml));
            return JenkinsClassFilter.xstream().fromXML(xml.toString());
        }
    }

    @Test
    public void theGlobalConfigurationOfVersion01() throws Exception {
        GitopsConfiguration config = (GitopsConfiguration) read("io.jenkins.plugins.gitops.config.GitopsConfiguration.xml",
                "io.jenkins.plugins.gitops.config.GitopsConfiguration");

        ConfigRepository repo = config.repository("shop-config").orElseThrow();
        assertEquals("https://git.example.com/platform/shop-config.git", repo.getUrl());
        assertEquals("Deploy from ${JOB_NAME} #${BUILD_NUMBER}", repo.getMessageTemplate());
        assertEquals("written before push attempts existed: the default", 10, repo.getPushAttempts());
        assertNull("written before signing: unsigned", repo.getSigningKeyCredentialsId());
        assertEquals("argocd-token", config.argoCdServer("prod-argocd").orElseThrow().getCredentialsId());
        assertEquals("shop", config.cluster("prod").orElseThrow().getDefaultNamespace());
        assertEquals(900, config.getWaitTimeoutSeconds());
    }

    @Test
    public void aFreestyleJobsWrapper() throws Exception {
        GitopsRepoWrapper wrapper = (GitopsRepoWrapper) read("freestyle-job-config.xml",
                "io.jenkins.plugins.gitops.GitopsRepoWrapper");

        assertEquals("shop-config", wrapper.getRepository());
        assertEquals("", wrapper.getUrl());
        assertEquals("config-bot", wrapper.getCredentialsId());
        assertEquals("release", wrapper.getBranch());
        assertEquals("config", wrapper.getDir());
        assertEquals("Deploy ${BUILD_NUMBER}", wrapper.getMessage());
        assertTrue(wrapper.isSkipCi());
    }

    @Test
    public void aBuildsRecord() throws Exception {
        GitopsRunAction action = (GitopsRunAction) read("build.xml", "io.jenkins.plugins.gitops.GitopsRunAction");

        CommitRecord commit = action.getCommits().get(0);
        assertEquals("https://github.com/acme/shop-config.git", commit.getRepository());
        assertEquals("0123456789ab", commit.getShortSha());
        assertEquals(List.of("apps/shop/values.yaml"), commit.getFiles());
        assertTrue(commit.isChanged());
        assertNull(commit.getDefaultBranch());
        assertEquals("https://github.com/acme/shop-config/commit/0123456789abcdef0123456789abcdef01234567",
                commit.getLink());
        assertEquals("", commit.transport().knownHosts());
        assertFalse(commit.transport().acceptUnknownHosts());
        WaitRecord wait = action.getWaits().get(0);
        assertEquals(WaitRecord.Result.DONE, wait.getResult());
        assertEquals(42000, wait.getDurationMillis());
        assertEquals("Synced and Healthy at 0123456", wait.getMessage());
        assertEquals(commit, action.findCommit("0123456"));
        assertEquals("a record from before pull requests has none", List.of(), action.getPullRequests());
        assertNull(action.lastPullRequest());
        assertNull(action.findPullRequest("https://github.com/acme/shop-config/pull/1"));
        assertEquals("nor reverts", List.of(), action.getReverts());
        assertNull("and no signing key", commit.getSigningKey());
    }
}
