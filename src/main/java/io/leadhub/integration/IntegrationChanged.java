package io.leadhub.integration;

/**
 * Published (as a Spring application event) after an integration's connection state or stored
 * credentials changed and the change is saved. Connectors that keep per-integration resources
 * (e.g. a Salesforce component with its own session) listen to it to create, rebuild or drop them.
 *
 * @param state               the state after the change
 * @param credentialsReplaced true when new credentials were stored (connect, re-auth, token refresh)
 *                            or removed (disconnect)
 */
public record IntegrationChanged(
        long integrationId,
        String orgId,
        Vendor vendor,
        Integration.ConnectionState state,
        boolean credentialsReplaced) {}
