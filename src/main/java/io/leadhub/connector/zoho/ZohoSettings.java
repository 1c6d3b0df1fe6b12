package io.leadhub.connector.zoho;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationSettingsValidator;
import io.leadhub.integration.Vendor;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Zoho integration settings: {@code module} is {@code Leads} (the default: each lead becomes a Zoho
 * Lead) or {@code Contacts} (a Contact linked to an Account found or created by name).
 */
@Component
class ZohoSettings implements IntegrationSettingsValidator {
    static final String MODULE = "module";

    @Override
    public Vendor vendor() {
        return Vendor.ZOHO;
    }

    @Override
    public List<String> problems(Map<String, Object> settings) {
        Object module = settings == null ? null : settings.get(MODULE);
        if (module == null || List.of("Leads", "Contacts").contains(module.toString())) return List.of();
        return List.of("'settings.module' must be 'Leads' (the default) or 'Contacts' (Contacts + Accounts); got '"
                + module + "'");
    }

    static boolean contactsMode(Integration integration) {
        return "Contacts".equals(integration.setting(MODULE, "Leads"));
    }
}
