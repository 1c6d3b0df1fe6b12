package io.leadhub.mapping;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.lead.LeadField;
import io.leadhub.platform.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Field mappings per vendor object, "Set defaults", and qualifier mappings (SPEC §7). Every change is saved at once. */
@RestController
class MappingController {
    private static final Set<String> DERIVED = Set.of(
            "companyDomain",
            "fullName",
            "eventId",
            "eventName",
            "captureSource",
            "capturedAt",
            "leadId",
            "scanCount",
            "lastActivityAt");
    private final IntegrationRepository integrations;
    private final MappingRepository mappings;
    private final MappingDefaults defaults;

    MappingController(IntegrationRepository integrations, MappingRepository mappings, MappingDefaults defaults) {
        this.integrations = integrations;
        this.mappings = mappings;
        this.defaults = defaults;
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}")
    List<FieldMapping> get(@PathVariable String org, @PathVariable String vendor, @PathVariable String object) {
        return mappings.fields(integration(org, vendor).id(), object);
    }

    @PutMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}")
    List<FieldMapping> put(
            @PathVariable String org,
            @PathVariable String vendor,
            @PathVariable String object,
            @RequestBody List<FieldMapping> rows) {
        Integration i = integration(org, vendor);
        validate(rows);
        mappings.replaceFields(org, i.id(), object, rows);
        return mappings.fields(i.id(), object);
    }

    @DeleteMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}")
    ResponseEntity<Void> clear(@PathVariable String org, @PathVariable String vendor, @PathVariable String object) {
        mappings.replaceFields(org, integration(org, vendor).id(), object, List.of());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}/defaults")
    List<FieldMapping> setDefaults(@PathVariable String org, @PathVariable String vendor, @PathVariable String object) {
        Integration i = integration(org, vendor);
        List<FieldMapping> rows = defaults.forObject(i.vendor(), object)
                .orElseThrow(() -> ApiException.notFound("default mapping for " + vendor + " object '" + object
                        + "' (objects: " + defaults.all(i.vendor()).keySet() + ")"));
        mappings.replaceFields(org, i.id(), object, rows);
        return mappings.fields(i.id(), object);
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/qualifier-mappings")
    List<QualifierMapping> qualifiers(@PathVariable String org, @PathVariable String vendor) {
        return mappings.qualifiers(integration(org, vendor).id());
    }

    @PutMapping("/api/v1/orgs/{org}/integrations/{vendor}/qualifier-mappings")
    List<QualifierMapping> putQualifiers(
            @PathVariable String org, @PathVariable String vendor, @RequestBody List<QualifierMapping> rows) {
        Integration i = integration(org, vendor);
        List<String> problems = new ArrayList<>();
        for (QualifierMapping q : rows) {
            if (q.qualifier() == null || q.object() == null || q.vendorField() == null) {
                problems.add("each row needs qualifier, object and vendorField");
            } else if (q.value() != null && q.vendorValue() == null) {
                problems.add("qualifier '" + q.qualifier() + "' value '" + q.value() + "' needs a vendorValue");
            }
        }
        if (!problems.isEmpty())
            throw new ApiException(422, "invalid_mapping", "the qualifier mapping is invalid", problems);
        mappings.replaceQualifiers(org, i.id(), rows);
        return mappings.qualifiers(i.id());
    }

    private static void validate(List<FieldMapping> rows) {
        List<String> problems = new ArrayList<>();
        for (FieldMapping m : rows) {
            if (m.hubField() == null || m.vendorField() == null) {
                problems.add("each row needs hubField and vendorField");
                continue;
            }
            boolean known = LeadField.byApiName(m.hubField()).isPresent()
                    || DERIVED.contains(m.hubField())
                    || m.hubField().startsWith("custom.");
            if (!known) problems.add("unknown hub field '" + m.hubField() + "'");
            if (m.maxLength() != null && m.maxLength() < 1)
                problems.add("maxLength of '" + m.hubField() + "' must be positive");
        }
        if (!problems.isEmpty()) throw new ApiException(422, "invalid_mapping", "the mapping is invalid", problems);
    }

    private Integration integration(String org, String vendor) {
        return integrations
                .find(org, VendorPathParser.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }
}
