package io.mentorship.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalTokensTest {
    private final byte[] key = LocalTokens.randomKey();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private final LocalTokens tokens = new LocalTokens(key, "http://local/_local", "aud", clock);

    @Test
    void acceptsItsOwnTokenAndPassesClaimsAsApiGatewayDoes() {
        String token = tokens.issue("alice", List.of("admin", "ops"), Duration.ofHours(1));
        var claims = tokens.verify("Bearer " + token).orElseThrow();
        assertThat(claims).containsEntry("sub", "alice").containsEntry("cognito:groups", "[admin ops]");
    }

    @Test
    void refusesExpiredForgedWrongIssuerOrAudienceAndGarbage() {
        assertThat(tokens.verify("Bearer " + tokens.issue("a", List.of(), Duration.ofSeconds(-1)))).isEmpty();
        assertThat(tokens.verify(new LocalTokens(LocalTokens.randomKey(), "http://local/_local", "aud", clock)
                .issue("a", List.of(), Duration.ofHours(1)))).isEmpty();
        assertThat(tokens.verify(new LocalTokens(key, "http://elsewhere", "aud", clock)
                .issue("a", List.of(), Duration.ofHours(1)))).isEmpty();
        assertThat(tokens.verify(new LocalTokens(key, "http://local/_local", "other", clock)
                .issue("a", List.of(), Duration.ofHours(1)))).isEmpty();
        assertThat(tokens.verify("Bearer abc.def.ghi")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }
}
