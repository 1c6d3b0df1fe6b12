package io.leadhub.mapping;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.WritePolicy;
import io.leadhub.lead.DomainExtractor;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadField;
import io.leadhub.org.OrgRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The mapping processor: turns each lead of a batch into vendor-object values using the
 * integration's field mappings and qualifier mappings, before any vendor call. A qualifier value
 * without a mapping fails the lead with NO_TAG_MAPPING; a value longer than a known field length
 * fails it with VALUE_TOO_LONG unless the row truncates; a value that does not fit the field type
 * fails it with DATA_VALUE_VALIDATION ({@link TypedValue}). Whatever goes wrong with one lead fails
 * that lead only.
 */
@Component("mappingProcessor")
public class MappingProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MappingProcessor.class);
    private final MappingRepository mappings;
    private final OrgRepository orgs;

    public MappingProcessor(MappingRepository mappings, OrgRepository orgs) {
        this.mappings = mappings;
        this.orgs = orgs;
    }

    public SyncBatch apply(SyncBatch batch) {
        long integrationId = batch.integration().id();
        Map<String, List<FieldMapping>> fields = mappings.allFields(integrationId);
        Map<String, List<QualifierMapping>> byQualifier = new LinkedHashMap<>();
        for (QualifierMapping q : mappings.qualifiers(integrationId)) {
            byQualifier.computeIfAbsent(q.qualifier(), k -> new ArrayList<>()).add(q);
        }
        Map<String, String> eventNames = new HashMap<>();
        for (SyncItem item : batch.pending()) {
            Lead lead = item.lead();
            String eventName = eventNames.computeIfAbsent(
                    lead.eventId(), e -> orgs.eventName(lead.orgId(), e).orElse(e));
            try {
                for (var entry : fields.entrySet()) {
                    MappedObject obj = new MappedObject();
                    for (FieldMapping m : entry.getValue()) {
                        Object value = convert(m, hubValue(lead, m.hubField(), eventName));
                        if (value != null) obj.put(m.vendorField(), value, m.writePolicy());
                    }
                    item.mapped().put(entry.getKey(), obj);
                }
                applyQualifiers(item, byQualifier, batch.vendor());
                item.trace("mapped "
                        + item.mapped().entrySet().stream()
                                .map(e -> e.getValue().values().size() + " " + e.getKey() + " fields")
                                .toList());
            } catch (MappingFailure f) {
                item.fail(f.category, null, f.getMessage());
            } catch (RuntimeException e) {
                // a bug in mapping one lead must not fail its batch-mates
                LOG.error("Mapping lead {} for integration {} failed", lead.id(), integrationId, e);
                item.fail(
                        ErrorCategory.INTERNAL,
                        null,
                        "the hub could not map this lead (" + e.getClass().getSimpleName() + ")");
            }
        }
        return batch;
    }

    private void applyQualifiers(SyncItem item, Map<String, List<QualifierMapping>> byQualifier, String vendor) {
        Map<String, Map<String, Set<String>>> collected = new LinkedHashMap<>();
        for (var tapped : item.lead().data().qualifiers().entrySet()) {
            List<QualifierMapping> rows = byQualifier.get(tapped.getKey());
            if (rows == null) continue;
            QualifierMapping asText =
                    rows.stream().filter(r -> r.value() == null).findFirst().orElse(null);
            for (String value : tapped.getValue()) {
                QualifierMapping row = asText != null
                        ? asText
                        : rows.stream()
                                .filter(r -> value.equals(r.value()))
                                .findFirst()
                                .orElseThrow(() -> new MappingFailure(
                                        ErrorCategory.NO_TAG_MAPPING,
                                        "qualifier '" + tapped.getKey() + "' value '" + value + "' has no mapping for "
                                                + vendor));
                String sent = asText != null ? value : row.vendorValue();
                collected
                        .computeIfAbsent(row.object(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(row.vendorField(), k -> new LinkedHashSet<>())
                        .add(sent);
            }
        }
        collected.forEach((object, values) -> {
            MappedObject obj = item.mapped().computeIfAbsent(object, k -> new MappedObject());
            values.forEach((field, vs) -> obj.put(field, String.join(";", vs), WritePolicy.ALWAYS));
        });
    }

    /** The value of a hub field for a lead: standard fields, custom.<name>, and derived fields. */
    public static String hubValue(Lead lead, String hubField, String eventName) {
        var std = LeadField.byApiName(hubField);
        if (std.isPresent()) return lead.get(std.get());
        if (hubField.startsWith("custom.")) return lead.data().customFields().get(hubField.substring(7));
        return switch (hubField) {
            case "companyDomain" ->
                DomainExtractor.companyDomain(lead.get(LeadField.WEBSITE), lead.get(LeadField.EMAIL));
            case "fullName" ->
                String.join(
                        " ",
                        Stream.of(lead.get(LeadField.FIRST_NAME), lead.get(LeadField.LAST_NAME))
                                .filter(Objects::nonNull)
                                .toList());
            case "eventId" -> lead.eventId();
            case "eventName" -> eventName;
            case "captureSource" -> lead.source().name();
            case "capturedAt" ->
                lead.capturedAt() == null ? null : lead.capturedAt().toString();
            case "leadId" -> String.valueOf(lead.id());
            case "scanCount" -> String.valueOf(lead.scanCount());
            case "lastActivityAt" ->
                lead.activities().isEmpty()
                        ? null
                        : lead.activities()
                                .get(lead.activities().size() - 1)
                                .occurredAt()
                                .toString();
            default ->
                throw new MappingFailure(ErrorCategory.INTERNAL, "unknown hub field '" + hubField + "' in the mapping");
        };
    }

    private static Object convert(FieldMapping m, String raw) {
        Object value;
        try {
            value = TypedValue.convert(m, raw);
        } catch (TypedValue.Refused r) {
            throw new MappingFailure(r.category, r.getMessage());
        }
        if (value == null) return null;
        if (value instanceof String s && m.maxLength() != null && s.length() > m.maxLength()) {
            if (Boolean.TRUE.equals(m.truncate())) return s.substring(0, m.maxLength());
            throw new MappingFailure(
                    ErrorCategory.VALUE_TOO_LONG,
                    "'" + m.hubField() + "' is " + s.length() + " characters; " + m.vendorField() + " allows "
                            + m.maxLength());
        }
        return value;
    }

    private static final class MappingFailure extends RuntimeException {
        final ErrorCategory category;

        MappingFailure(ErrorCategory category, String message) {
            super(message);
            this.category = category;
        }
    }
}
