package io.leadhub.connector.salesforce;

import io.leadhub.integration.IntegrationSettingsValidator;
import io.leadhub.integration.Vendor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Checks a Salesforce integration's settings before they are saved (422 otherwise):
 * {@code strategy} is one of the matching strategies; {@code loginUrl} / {@code apiVersion}, when
 * given, are a URL and a version number.
 */
@Component
class SalesforceSettings implements IntegrationSettingsValidator {

    @Override
    public Vendor vendor() {
        return Vendor.SALESFORCE;
    }

    @Override
    public List<String> problems(Map<String, Object> settings) {
        List<String> problems = new ArrayList<>();
        Object strategy = settings.get(SalesforceStrategy.SETTING);
        if (strategy != null && SalesforceStrategy.parse(strategy.toString()).isEmpty()) {
            problems.add("strategy '" + strategy + "' is not one of " + Arrays.toString(SalesforceStrategy.values()));
        }
        Object login = settings.get("loginUrl");
        if (login != null && !login.toString().matches("https?://\\S+")) {
            problems.add("loginUrl must be an http(s) URL");
        }
        Object version = settings.get("apiVersion");
        if (version != null && !version.toString().matches("\\d{2,3}\\.0")) {
            problems.add("apiVersion must look like 60.0");
        }
        return problems;
    }
}
