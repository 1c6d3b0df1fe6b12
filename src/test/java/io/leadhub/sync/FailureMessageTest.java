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
    void internationalAddressesAreRecognisedWhole() {
        String own = "zoë.ødegaard@lumière-group.example";
        String m = FailureMessage.forLead(
                "Email address Zoë.Ødegaard@lumière-group.example is invalid; also seen: søren.o'brien@ørsted-group.example",
                own);
        assertThat(m)
                .contains("Zoë.Ødegaard@lumière-group.example")
                .doesNotContain("søren")
                .doesNotContain("ørsted")
                .endsWith("also seen: [another address]");
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
