package io.mentorship.match;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.mentorship.api.ApiRequest;
import io.mentorship.events.ProfileChanged;
import io.mentorship.json.Json;
import io.mentorship.queue.QueueConsumer;

/** Consumes {@code profile-changes}: each message names a member whose suggestions (and others') may change. */
public final class MatchHandler extends QueueConsumer {

    @Override
    protected void handle(SQSEvent.SQSMessage message) {
        ProfileChanged change = Json.read(message.getBody(), ProfileChanged.class);
        if (!ProfileChanged.TYPE.equals(change.type()) || !ApiRequest.isValidUserId(change.userId())
                || change.change() == null) {
            throw new IllegalArgumentException("not a ProfileChanged message: " + message.getBody());
        }
    }
}
