package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Salesforce's error text as the hub keeps it: the explanation, never the query the request carried. */
class SalesforceApiMessagesTest {

    @Test
    void anEchoedQueryIsDroppedAndTheExplanationKept() {
        String echoed = "\nSELECT Id, Email, Foo__c FROM Contact WHERE Email IN ('ann@acme.io','bob@initech.com')\n"
                + "                       ^\nERROR at Row:1:Column:24\nNo such column 'Foo__c' on entity 'Contact'.";
        assertThat(SalesforceApi.vendorText(echoed)).isEqualTo("No such column 'Foo__c' on entity 'Contact'.");
    }

    @Test
    void aRequestUrlLosesItsQueryString() {
        String transport =
                "Unexpected error {0:null} executing {GET:http://sf.example/services/data/v60.0/query/?q=SELECT+Id+FROM+Lead"
                        + "+WHERE+Email+IN+('ann@acme.io')} cause: header too large";
        assertThat(SalesforceApi.vendorText(transport))
                .isEqualTo(
                        "Unexpected error {0:null} executing {GET:http://sf.example/services/data/v60.0/query/} cause: header too large")
                .doesNotContain("ann@acme.io");
        assertThat(SalesforceApi.vendorText("Use one of these records?")).isEqualTo("Use one of these records?");
    }

    @Test
    void aQueryIsNamedByItsObject() {
        assertThat(SalesforceApi.fromObject("SELECT Id, Email FROM Lead WHERE Email IN ('a@b.io')"))
                .isEqualTo("Lead");
        assertThat(SalesforceApi.fromObject("select id from campaignmember")).isEqualTo("campaignmember");
    }
}
