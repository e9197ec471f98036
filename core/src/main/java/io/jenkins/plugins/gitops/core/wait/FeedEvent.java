package io.jenkins.plugins.gitops.core.wait;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gitops.core.wait.http.ApiException;

/** What a {@link SharedFeed} tells its subscribers. */
public sealed interface FeedEvent {

    /** The current state of the watched object. */
    record Snapshot(JsonNode object) implements FeedEvent {
    }

    /** The first transient failure of an outage; the feed keeps retrying. */
    record Unavailable(ApiException error) implements FeedEvent {
    }

    /** The server answers again after {@code failedAttempts} failures. */
    record Recovered(int failedAttempts) implements FeedEvent {
    }

    /** The server refused for good (401, 403, 404, ...), or the object was deleted. */
    record Refused(ApiException error) implements FeedEvent {
    }
}
