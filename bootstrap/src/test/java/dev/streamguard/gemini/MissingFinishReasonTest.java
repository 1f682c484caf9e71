package dev.streamguard.gemini;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("G1: a Gemini body that ends before every candidate finished")
class MissingFinishReasonTest {
    @Test
    void aCutStreamFailsNamingWhatWasMissing() {
        assertFixture("gemini/g1-truncated");
    }

    @Test
    void aCutInsideAStreamedFunctionCallNamesTheCall() {
        assertFixture("gemini/g1-streamed-call-cut");
    }

    @Test
    void aCutInsideAChunkSaysHowMuchOfItCame() {
        assertFixture("gemini/g1-cut-event");
    }
}
