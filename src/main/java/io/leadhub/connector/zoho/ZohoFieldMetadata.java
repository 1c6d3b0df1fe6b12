package io.leadhub.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.IntegrationCache;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A module's field metadata ({@code GET /crm/v8/settings/fields?module=}), kept per integration and
 * module for {@code hub.vendors.zoho.metadata-ttl}: one call per module per period, so Zoho's strict
 * picklists can be checked before a record is sent.
 */
@Component
class ZohoFieldMetadata {
    /** One field as the hub needs it. */
    record Field(
            String apiName,
            String dataType,
            Integer length,
            List<String> pickListValues,
            boolean readOnly,
            boolean mandatory) {
        boolean picklist() {
            return "picklist".equals(dataType);
        }

        boolean multiSelect() {
            return "multiselectpicklist".equals(dataType);
        }
    }

    private final VendorHttp http;
    private final ZohoPolicy policy;
    private final IntegrationCache<Map<String, Field>> cache;

    ZohoFieldMetadata(
            VendorHttp http, ZohoPolicy policy, @Value("${hub.vendors.zoho.metadata-ttl:PT5M}") Duration ttl) {
        this.http = http;
        this.policy = policy;
        this.cache = new IntegrationCache<>(ttl);
    }

    /** The module's fields by API name, read once per module and period. */
    Map<String, Field> of(Integration integration, String module) {
        return cache.get(integration.id(), module, () -> read(integration, module));
    }

    /** The module's fields are cached and fresh, so a batch reads none. */
    boolean cached(Integration integration, String module) {
        return cache.cached(integration.id(), module);
    }

    void forget(Integration integration, String module) {
        cache.forget(integration.id(), module);
    }

    private Map<String, Field> read(Integration integration, String module) {
        VendorResponse r =
                http.call(integration, policy, VendorRequest.get("/crm/v8/settings/fields", "module=" + module));
        if (r.status() != 200) {
            JsonNode body = r.bodyOrEmpty();
            throw new VendorCallException(
                    ZohoErrorClassifier.recordCategory(body.path("code").asText(""), body.path("details")),
                    body.path("code").asText("HTTP_" + r.status()),
                    "reading the field metadata of Zoho module " + module + " failed: "
                            + body.path("message").asText("HTTP " + r.status()));
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        for (JsonNode f : r.bodyOrEmpty().path("fields")) {
            List<String> values = new ArrayList<>();
            f.path("pick_list_values")
                    .forEach(v -> values.add(v.path("actual_value")
                            .asText(v.path("display_value").asText())));
            fields.put(
                    f.path("api_name").asText(),
                    new Field(
                            f.path("api_name").asText(),
                            f.path("data_type").asText(),
                            f.hasNonNull("length") ? f.get("length").asInt() : null,
                            List.copyOf(values),
                            f.path("read_only").asBoolean(false)
                                    || f.path("field_read_only").asBoolean(false),
                            f.path("system_mandatory").asBoolean(false)));
        }
        return fields;
    }
}
