package io.leadhub.integration;

import java.util.List;
import java.util.Map;

/**
 * A vendor's check of an integration's settings before they are saved (e.g. Pardot's required
 * business unit id). {@code PUT /api/v1/orgs/{org}/integrations/{vendor}} answers 422 with the
 * problems when the list is not empty. VendorPathParser without a validator accept any settings.
 */
public interface IntegrationSettingsValidator {
    Vendor vendor();

    /** The problems with {@code settings}, in plain words; empty when they are valid. */
    List<String> problems(Map<String, Object> settings);
}
