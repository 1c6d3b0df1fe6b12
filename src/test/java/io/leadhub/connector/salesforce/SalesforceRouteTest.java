package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

    @Autowired
    private SalesforceComponentRegistry components;

    @Test
    void everySalesforceRouteCarriesTheBatchItsCallsAndTheIntegrationsComponent() {
        String org = salesforceOrg(null);
        // the integration's component: sf-<integrationId>-<n>, a new n for every new component
        Predicate<Object> component = name -> String.valueOf(name).startsWith("sf-" + integrationId(org) + "-");
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
                        ex -> component.test(ex.getProperty("sfComponent"))
                                && String.valueOf(ex.getMessage().getHeader("sObjectQuery"))
                                        .equals(
                                                "SELECT Id, Email, IsConverted, ConvertedContactId, LastModifiedDate FROM Lead WHERE Email IN ('route@acme.io')"))
                .create();
        NotifyBuilder describe = new NotifyBuilder(camel)
                .fromRoute("salesforce-api-describe")
                .whenAnyDoneMatches(ex -> component.test(ex.getProperty("sfComponent"))
                        && "Lead".equals(ex.getMessage().getHeader("sObjectName")))
                .create();
        NotifyBuilder collections = new NotifyBuilder(camel)
                .fromRoute("salesforce-api-collections")
                .whenAnyDoneMatches(ex -> component.test(ex.getProperty("sfComponent"))
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
        String name = components.componentName(integrationId(org));
        assertThat(name).matches(component);
        assertThat(camel.getComponent(name)).isNotNull();
        assertThat(records("Lead")).containsOnlyKeys("route@acme.io");
    }

    @Test
    void theComponentOfAnIntegrationIsReplacedWithItsCredentialsAndDroppedOnDisconnect() {
        String org = salesforceOrg(null);
        long id = integrationId(org);
        captureJson(org, Map.of("captureId", "l1", "email", "life@acme.io", "lastName", "Cycle", "company", "Acme"));
        awaitSettled(org);
        String firstName = components.componentName(id);
        var first = camel.getComponent(firstName);
        assertThat(first).isNotNull();

        connectSalesforce(org, null); // connecting again replaces the credentials: the component and its session go
        assertThat(((ServiceSupport) first).isStopped()).isTrue();
        assertThat(camel.hasComponent(firstName)).isNull();
        assertThat(components.componentName(id))
                .as("no new login until the next use")
                .isNull();

        // the next lead logs in with the new credentials, through a new component (not the stopped one's client)
        captureJson(org, Map.of("captureId", "l2", "email", "life2@acme.io", "lastName", "Cycle", "company", "Acme"));
        awaitSettled(org);
        assertThat(jdbc.queryForObject(
                        "SELECT s.state FROM lead_sync s JOIN lead l ON l.id = s.lead_id "
                                + "WHERE s.org_id = :org AND l.email_norm = 'life2@acme.io'",
                        Map.of("org", org),
                        String.class))
                .isEqualTo("CLEARED");
        String secondName = components.componentName(id);
        assertThat(secondName).isNotNull().isNotEqualTo(firstName);
        var second = camel.getComponent(secondName);
        assertThat(second).isNotNull().isNotSameAs(first);

        integrations.setState(id, Integration.ConnectionState.DISCONNECTED, "disconnected by an operator");
        assertThat(camel.hasComponent(secondName)).isNull();
        assertThat(components.componentName(id)).isNull();
        assertThat(((ServiceSupport) second).isStopped()).isTrue();
        assertThat(List.of(camel.getComponentNames().toArray())).doesNotContain(firstName, secondName);
    }
}
