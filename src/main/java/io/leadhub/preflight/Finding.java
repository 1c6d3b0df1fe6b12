package io.leadhub.preflight;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadhub.connector.ErrorCategory;

/**
 * One problem the readiness check found: how bad it is, which check and which mapping object and
 * field it is about, what is wrong, the failure category the leads would get
 * ({@link ErrorCategory}; null when leads would be held rather than failed), and how to fix it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Finding(
        Severity severity, String check, String object, String field, String what, ErrorCategory category, String fix) {
    enum Severity {
        /** Leads will fail (or not be sent) until it is fixed. */
        ERROR,
        /** Some leads may fail: it depends on their data or on how many come. */
        WARNING
    }

    static Finding error(String check, String object, String field, String what, ErrorCategory category, String fix) {
        return new Finding(Severity.ERROR, check, object, field, what, category, fix);
    }

    static Finding warning(String check, String object, String field, String what, ErrorCategory category, String fix) {
        return new Finding(Severity.WARNING, check, object, field, what, category, fix);
    }
}
