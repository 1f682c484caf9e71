package dev.streamguard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamguard.core.Outcome;

/** The checks every rule test makes on its fixture. */
public final class FixtureAssertions {
    private FixtureAssertions() {
    }

    /**
     * Runs the fixture in its configuration and checks the exact bytes the client read, the failure (cause
     * and message) or its absence, and that the report counts exactly the fixture's deviations.
     */
    public static GuardRun assertFixture(String name) {
        Fixture f = Fixture.load(name);
        GuardRun run = f.run();
        assertEquals(f.expected, run.text(), name + ": bytes the client read");
        if (f.failureCause == null) {
            assertNull(run.failure, name + ": no failure expected");
        } else {
            assertNotNull(run.failure, name + ": a failure expected");
            assertEquals(f.failureCause, run.failure.reason(), name + ": failure cause");
            assertEquals(f.failureMessage, run.failure.getMessage(), name + ": failure message");
            assertEquals(Outcome.FAILED, run.report.outcome());
            assertEquals(f.failureCause, run.report.failureCause());
        }
        assertEquals(f.deviations, run.report.deviations(), name + ": deviations reported");
        return run;
    }
}
