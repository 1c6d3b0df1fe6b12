package io.leadhub.connector.pardot;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationSettingsValidator;
import io.leadhub.integration.Vendor;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Pardot integration settings: {@code businessUnitId} is required, the 18-character Account
 * Engagement business unit id starting {@code 0Uv} (Setup > Account Engagement > Business Unit
 * Setup). It is sent as {@code Pardot-Business-Unit-Id} on every call.
 */
@Component
class PardotSettings implements IntegrationSettingsValidator {
    static final String BUSINESS_UNIT = "businessUnitId";
    static final Pattern BUSINESS_UNIT_ID = Pattern.compile("0Uv[A-Za-z0-9]{15}");

    @Override
    public Vendor vendor() {
        return Vendor.PARDOT;
    }

    @Override
    public List<String> problems(Map<String, Object> settings) {
        Object bu = settings == null ? null : settings.get(BUSINESS_UNIT);
        if (bu == null || bu.toString().isBlank()) {
            return List.of(
                    "'settings.businessUnitId' is required: the 18-character Account Engagement business unit id (0Uv…)");
        }
        if (!BUSINESS_UNIT_ID.matcher(bu.toString().trim()).matches()) {
            return List.of(
                    "'settings.businessUnitId' must be 18 letters or digits starting with 0Uv; got '" + bu + "'");
        }
        return List.of();
    }

    /** The business unit id of an integration, or null when it has none (an integration saved before the check). */
    static String businessUnit(Integration integration) {
        Object bu = integration.settings().get(BUSINESS_UNIT);
        return bu == null || !BUSINESS_UNIT_ID.matcher(bu.toString().trim()).matches()
                ? null
                : bu.toString().trim();
    }
}
