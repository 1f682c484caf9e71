package dev.streamguard.responses;

import static dev.streamguard.testing.FixtureAssertions.assertFixture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("R3: output item ids and indexes made consistent")
class ItemIdentityRuleTest {
    @Test
    void anItemIdThatChangesBecomesTheFirst() {
        assertFixture("responses/r3-changing-item-id");
    }

    @Test
    void anItemWithOnlyACallIdTakesItAsItsId() {
        assertFixture("responses/r3-call-id-without-id");
    }

    @Test
    void indexesFromOneBecomeIndexesFromZero() {
        assertFixture("responses/r3-one-based-index");
    }

    @Test
    void aSecondItemAtAnIndexInUseGetsTheNext() {
        assertFixture("responses/r3-repeated-index");
    }
}
