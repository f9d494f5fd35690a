package io.mentorship.local.testing;

import java.time.Duration;

/** Waiting in a test: an interrupted wait fails the test rather than going on early. */
public final class Waits {
    private Waits() {
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
