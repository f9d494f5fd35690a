package io.mentorship.local.emulators;

import io.mentorship.local.Emulators;
import java.nio.file.Path;

/** Starts the emulators, says so, and waits to be killed: the JVM {@link OrphanEmulatorsIT} kills outright. */
public final class EmulatorsChild {
    private EmulatorsChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Emulators.start(Path.of(args[0]), null, 0, 0, "us-east-1");
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
