package io.leadhub.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.ErrorCategory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies HubSpot error answers (a whole call's error, or a per-record error of a 207) into hub
 * categories and one readable sentence per lead. HubSpot describes invalid property values in two
 * shapes, both read here: a JSON list embedded in the message string
 * ({@code "Property values were not valid: [{\"isValid\":false,\"message\":…,\"error\":\"PROPERTY_DOESNT_EXIST\",\"name\":\"foo\"}]"})
 * and an {@code errors[]} array ({@code code}, {@code message}, {@code context.propertyName}). A 403
 * MISSING_SCOPES names the scope the app lacks ({@code context.requiredGranularScopes} or
 * {@code errors[].context.requiredScopes}).
 */
final class HubSpotErrorClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMBEDDED = "Property values were not valid:";

    private HubSpotErrorClassifier() {}

    /** The category, the most specific code, a sentence, and the properties the answer names. */
    record Classified(ErrorCategory category, String code, String message, List<String> properties) {
        /** The properties HubSpot does not have (a mapping problem every record carrying them shares). */
        List<String> missingProperties() {
            return "PROPERTY_DOESNT_EXIST".equals(code) ? properties : List.of();
        }
    }

    /** One problem the answer lists: code, HubSpot's text, the property it is about. */
    private record Problem(String code, String text, String property) {}

    static Classified classify(int status, JsonNode error) {
        String category = error.path("category").asText("");
        List<Problem> problems = problems(error);
        String code = !problems.isEmpty() && !problems.get(0).code().isEmpty()
                ? problems.get(0).code()
                : category.isEmpty() ? "HTTP_" + status : category;
        List<String> scopes = scopes(error);
        ErrorCategory hub = categoryOf(
                status,
                category,
                code,
                problems.isEmpty()
                        ? error.path("message").asText("")
                        : problems.get(0).text());
        return new Classified(
                hub, code, sentence(status, category, code, problems, scopes, error), properties(problems, code));
    }

    private static String sentence(
            int status, String category, String code, List<Problem> problems, List<String> scopes, JsonNode error) {
        if ("MISSING_SCOPES".equals(code)
                || "MISSING_SCOPES".equals(category)
                || (status == 403 && !scopes.isEmpty())) {
            return "HubSpot refused the call: the connected app lacks the scope "
                    + (scopes.isEmpty() ? "this call needs" : String.join(", ", scopes)) + " (" + code
                    + "); grant it and reconnect the integration";
        }
        if (!problems.isEmpty()) {
            Problem p = problems.get(0);
            List<String> missing = properties(problems, "PROPERTY_DOESNT_EXIST");
            if ("PROPERTY_DOESNT_EXIST".equals(p.code()) && !missing.isEmpty()) {
                return "HubSpot has no property "
                        + String.join(
                                ", ", missing.stream().map(n -> "'" + n + "'").toList()) + " (" + p.code()
                        + "); create it in HubSpot or fix the mapping";
            }
            return "HubSpot refused " + (p.property() == null ? "the record" : "the value of '" + p.property() + "'")
                    + ": " + p.text() + " (" + (p.code().isEmpty() ? code : p.code()) + ")";
        }
        String text = error.isTextual() ? error.asText() : error.path("message").asText("");
        return "HubSpot answered " + status + (text.isBlank() ? "" : ": " + text) + " (" + code + ")";
    }

    /** The problems of either shape: the list embedded in the message, else {@code errors[]}. */
    private static List<Problem> problems(JsonNode error) {
        List<Problem> out = new ArrayList<>();
        String message = error.path("message").asText("");
        int start = message.startsWith(EMBEDDED) ? message.indexOf('[') : -1;
        if (start >= 0) {
            try {
                for (JsonNode e : JSON.readTree(message.substring(start))) {
                    out.add(new Problem(
                            e.path("error").asText(""),
                            e.path("message").asText(""),
                            e.path("name").asText(null)));
                }
            } catch (Exception ignored) {
                // not the JSON list HubSpot embeds: fall back to errors[]
            }
        }
        if (!out.isEmpty()) return out;
        for (JsonNode e : error.path("errors")) {
            JsonNode names = e.path("context").path("propertyName");
            String property = names.isArray() && !names.isEmpty()
                    ? names.get(0).asText()
                    : names.isTextual() ? names.asText() : null;
            if (!e.path("code").asText("").isEmpty()
                    || !e.path("message").asText("").isEmpty()) {
                out.add(new Problem(e.path("code").asText(""), e.path("message").asText(""), property));
            }
        }
        return out;
    }

    private static List<String> properties(List<Problem> problems, String code) {
        Set<String> out = new LinkedHashSet<>();
        for (Problem p : problems) if (code.equals(p.code()) && p.property() != null) out.add(p.property());
        return List.copyOf(out);
    }

    private static List<String> scopes(JsonNode error) {
        Set<String> out = new LinkedHashSet<>();
        error.path("context").path("requiredGranularScopes").forEach(s -> out.add(s.asText()));
        error.path("context").path("requiredScopes").forEach(s -> out.add(s.asText()));
        for (JsonNode e : error.path("errors")) {
            e.path("context").path("requiredScopes").forEach(s -> out.add(s.asText()));
            e.path("context").path("requiredGranularScopes").forEach(s -> out.add(s.asText()));
        }
        return List.copyOf(out);
    }

    private static ErrorCategory categoryOf(int status, String category, String code, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return switch (code) {
            case "PROPERTY_DOESNT_EXIST" -> ErrorCategory.MISSING_REMOTE_FIELD;
            case "INVALID_OPTION", "INVALID_EMAIL", "INVALID_INTEGER", "INVALID_DATE", "INVALID_LONG" ->
                ErrorCategory.DATA_VALUE_VALIDATION;
            case "VALUE_TOO_LONG" -> ErrorCategory.VALUE_TOO_LONG;
            case "REQUIRED_PROPERTY", "MISSING_REQUIRED_PROPERTY" -> ErrorCategory.MISSING_REQUIRED_FIELD;
            case "MISSING_SCOPES", "FORBIDDEN" -> ErrorCategory.PERMISSION;
            case "CONFLICT" -> ErrorCategory.DUPLICATE_RECORD;
            default -> {
                if (status == 403 || "MISSING_SCOPES".equals(category)) yield ErrorCategory.PERMISSION;
                if (status >= 500) yield ErrorCategory.VENDOR_UNAVAILABLE;
                if (status == 409 || "CONFLICT".equals(category)) yield ErrorCategory.DUPLICATE_RECORD;
                if (m.contains("too long") || m.contains("longer than") || m.contains("exceeds the maximum length")) {
                    yield ErrorCategory.VALUE_TOO_LONG;
                }
                if (m.contains("does not exist") && m.contains("property")) yield ErrorCategory.MISSING_REMOTE_FIELD;
                yield ErrorCategory.DATA_VALUE_VALIDATION;
            }
        };
    }
}
