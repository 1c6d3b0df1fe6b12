package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One assertion per YAML route of routes/connectors/salesforce.camel.yaml, on what passed through it
 * (NotifyBuilder, so the shared Spring context stays as it is): the vendor route's batch outcome,
 * the SOQL of the query route, the sObject of the describe route, the path and method of the
 * collections route, each through the integration's own camel-salesforce component.
 */
class SalesforceRouteTest extends SalesforceHubTest {
    @Autowired
    private IntegrationRepository integrations;

    @Test
    void everySalesforceRouteCarriesTheBatchItsCallsAndTheIntegrationsComponent() {
        String org = salesforceOrg(null);
        String component = "sf-" + integrationId(org);
        NotifyBuilder vendor = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .wereSentTo("direct:vendor-salesforce")
                .whenAnyDoneMatches(ex -> {
                    SyncBatch b = ex.getMessage().getBody(SyncBatch.class);
                    return b != null
                            && b.items().stream()
                                    .map(SyncItem::lead)
                                    .anyMatch(l -> "route@acme.io".equals(l.emailNorm()))
                            && b.items().stream()
                                    .allMatch(i -> i.outcome() != null
                                            && i.outcome().cleared()
                                            && "lead".equals(i.outcome().vendorObject()));
                })
                .create();
        NotifyBuilder query = new NotifyBuilder(camel)
                .fromRoute("salesforce-api-query")
                .whenAnyDoneMatches(
                        ex -> component.equals(ex.getProperty("sfComponent"))
                                && String.valueOf(ex.getMessage().getHeader("sObjectQuery"))
                                        .equals(
                                                "SELECT Id, Email, IsConverted, ConvertedContactId, LastModifiedDate FROM Lead WHERE Email IN ('route@acme.io')"))
                .create();
        NotifyBuilder describe = new NotifyBuilder(camel)
                .fromRoute("salesforce-api-describe")
                .whenAnyDoneMatches(ex -> component.equals(ex.getProperty("sfComponent"))
                        && "Lead".equals(ex.getMessage().getHeader("sObjectName")))
                .create();
        NotifyBuilder collections = new NotifyBuilder(camel)
                .fromRoute("salesforce-api-collections")
                .whenAnyDoneMatches(ex -> component.equals(ex.getProperty("sfComponent"))
                        && "POST".equals(ex.getMessage().getHeader("rawMethod"))
                        && "/services/data/v60.0/composite/sobjects"
                                .equals(ex.getMessage().getHeader("rawPath"))
                        && ex.getException() == null)
                .create();

        captureJson(org, Map.of("captureId", "r1", "email", "route@acme.io", "lastName", "Route", "company", "Acme"));

        assertThat(vendor.matches(20, TimeUnit.SECONDS))
                .as("vendor-salesforce cleared the lead as a Lead")
                .isTrue();
        assertThat(query.matches(5, TimeUnit.SECONDS))
                .as("salesforce-api-query ran the Lead lookup")
                .isTrue();
        assertThat(describe.matches(5, TimeUnit.SECONDS))
                .as("salesforce-api-describe read the Lead describe")
                .isTrue();
        assertThat(collections.matches(5, TimeUnit.SECONDS))
                .as("salesforce-api-collections created the record")
                .isTrue();
        assertThat(camel.getComponent(component)).isNotNull();
        assertThat(records("Lead")).containsOnlyKeys("route@acme.io");
    }

    @Test
    void theComponentOfAnIntegrationIsReplacedWithItsCredentialsAndDroppedOnDisconnect() {
        String org = salesforceOrg(null);
        String component = "sf-" + integrationId(org);
        captureJson(org, Map.of("captureId", "l1", "email", "life@acme.io", "lastName", "Cycle", "company", "Acme"));
        awaitSettled(org);
        var first = camel.getComponent(component);
        assertThat(first).isNotNull();

        connectSalesforce(org, null); // connecting again replaces the credentials: a new component with a new session
        var second = camel.getComponent(component);
        assertThat(second).isNotNull().isNotSameAs(first);
        assertThat(((ServiceSupport) first).isStopped()).isTrue();

        integrations.setState(
                integrationId(org), Integration.ConnectionState.DISCONNECTED, "disconnected by an operator");
        assertThat(camel.hasComponent(component)).isNull();
        assertThat(((ServiceSupport) second).isStopped()).isTrue();
        assertThat(List.of(camel.getComponentNames().toArray())).doesNotContain(component);
    }
}
