package io.leadhub.mapping;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.lead.LeadField;
import io.leadhub.platform.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Field mappings per vendor object, "Set defaults", clear, and qualifier mappings (SPEC §7), with
 * their checks: the API ({@code MappingController}) and the console's Mapping and Qualifiers tabs
 * both change mappings here. Every change replaces the object's rows at once.
 */
@Service
public class MappingService {
    /** Hub fields computed from the lead (not captured), usable in a mapping row. */
    public static final Set<String> DERIVED = Set.of(
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

    MappingService(IntegrationRepository integrations, MappingRepository mappings, MappingDefaults defaults) {
        this.integrations = integrations;
        this.mappings = mappings;
        this.defaults = defaults;
    }

    /** The hub fields a mapping row may name (custom fields as {@code custom.<name>} besides these). */
    public static List<String> hubFields() {
        return Stream.concat(
                        Arrays.stream(LeadField.values()).map(LeadField::apiName),
                        DERIVED.stream().sorted())
                .toList();
    }

    /** The vendor objects of an integration: those with a default mapping, then any other mapped one. */
    public List<String> objects(Integration i) {
        Set<String> out = new LinkedHashSet<>(defaults.all(i.vendor()).keySet());
        out.addAll(mappings.allFields(i.id()).keySet());
        return List.copyOf(out);
    }

    /** The vendor fields the defaults name for an object (suggestions; any vendor field may be typed). */
    public List<String> suggestedVendorFields(Vendor vendor, String object) {
        return defaults.forObject(vendor, object).orElse(List.of()).stream()
                .map(FieldMapping::vendorField)
                .distinct()
                .sorted()
                .toList();
    }

    public List<FieldMapping> fields(String org, String vendor, String object) {
        return mappings.fields(integration(org, vendor).id(), object);
    }

    public List<FieldMapping> replaceFields(String org, String vendor, String object, List<FieldMapping> rows) {
        Integration i = integration(org, vendor);
        validate(rows);
        mappings.replaceFields(org, i.id(), object, rows);
        return mappings.fields(i.id(), object);
    }

    public void clear(String org, String vendor, String object) {
        mappings.replaceFields(org, integration(org, vendor).id(), object, List.of());
    }

    public List<FieldMapping> setDefaults(String org, String vendor, String object) {
        Integration i = integration(org, vendor);
        List<FieldMapping> rows = defaults.forObject(i.vendor(), object)
                .orElseThrow(() -> ApiException.notFound("default mapping for " + vendor + " object '" + object
                        + "' (objects: " + defaults.all(i.vendor()).keySet() + ")"));
        mappings.replaceFields(org, i.id(), object, rows);
        return mappings.fields(i.id(), object);
    }

    public List<QualifierMapping> qualifiers(String org, String vendor) {
        return mappings.qualifiers(integration(org, vendor).id());
    }

    public List<QualifierMapping> replaceQualifiers(String org, String vendor, List<QualifierMapping> rows) {
        Integration i = integration(org, vendor);
        List<String> problems = new ArrayList<>();
        for (QualifierMapping q : rows) {
            if (blank(q.qualifier()) || blank(q.object()) || blank(q.vendorField())) {
                problems.add("each row needs qualifier, object and vendorField");
            } else if (q.value() != null && blank(q.vendorValue())) {
                problems.add("qualifier '" + q.qualifier() + "' value '" + q.value() + "' needs a vendorValue");
            }
        }
        if (!problems.isEmpty())
            throw new ApiException(422, "invalid_mapping", "the qualifier mapping is invalid", problems);
        mappings.replaceQualifiers(org, i.id(), rows);
        return mappings.qualifiers(i.id());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void validate(List<FieldMapping> rows) {
        List<String> problems = new ArrayList<>();
        for (FieldMapping m : rows) {
            if (blank(m.hubField()) || blank(m.vendorField())) {
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
