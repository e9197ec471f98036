package io.jenkins.plugins.gitops.config;

import hudson.util.FormValidation;

/** The URL check shared by the entries that talk to an HTTP API. */
final class HttpForms {
    private HttpForms() {
    }

    static FormValidation checkUrl(String value) {
        if (!AdminPermission.granted()) {
            return FormValidation.ok();
        }
        String url = Settings.trimToNull(value);
        if (url == null) {
            return FormValidation.error("A URL is required");
        }
        String refused = Urls.refusedHttpUrl(url);
        if (refused != null) {
            return FormValidation.error(refused);
        }
        return url.regionMatches(true, 0, "http:", 0, 5)
                ? FormValidation.warning("Plain http:// sends the token unencrypted")
                : FormValidation.ok();
    }
}
