package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The safety net under stored failure messages: one line, bounded, no other lead's address. */
class FailureMessageTest {

    @Test
    void otherAddressesAreMaskedAndTheLeadsOwnIsKept() {
        String m = FailureMessage.forLead(
                "lookup failed: WHERE Email IN ('Ann@Acme.io', 'bob@initech.com')", "ann@acme.io");
        assertThat(m).contains("Ann@Acme.io").doesNotContain("bob@initech.com").contains("[another address]");
    }

    @Test
    void whitespaceCollapsesAndTheLengthIsBounded() {
        String m = FailureMessage.forLead("first line\n   second\tline " + "x".repeat(1000), null);
        assertThat(m)
                .startsWith("first line second line x")
                .hasSize(FailureMessage.MAX_LENGTH)
                .endsWith("…");
        assertThat(FailureMessage.forLead(null, "a@b.io")).isNull();
    }
}
