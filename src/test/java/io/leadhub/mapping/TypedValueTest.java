package io.leadhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.connector.ErrorCategory;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Typed conversion of mapped values: the unambiguous forms are converted, everything else is refused for its lead. */
class TypedValueTest {
    private static FieldMapping row(FieldType type) {
        return new FieldMapping("custom.visitDate", "Visit_Date__c", type, null, null, null);
    }

    @Test
    void datesTakeIsoDatesAndTheDateOfIsoDateTimesAsWritten() {
        assertThat(TypedValue.convert(row(FieldType.DATE), "2026-05-12")).isEqualTo("2026-05-12");
        assertThat(TypedValue.convert(row(FieldType.DATE), " 2026-05-12 ")).isEqualTo("2026-05-12");
        assertThat(TypedValue.convert(row(FieldType.DATE), "2026-05-12T09:30:00Z"))
                .isEqualTo("2026-05-12");
        assertThat(TypedValue.convert(row(FieldType.DATE), "2026-05-12T23:30:00-05:00"))
                .isEqualTo("2026-05-12");
        assertThat(TypedValue.convert(row(FieldType.DATE), "2026-05-12T09:30:00.123+02:00"))
                .isEqualTo("2026-05-12");
        assertThat(TypedValue.convert(row(FieldType.DATE), "2026-05-12T09:30:00+02:00[Europe/Paris]"))
                .isEqualTo("2026-05-12");
        assertThat(TypedValue.convert(row(FieldType.DATE), "2026-05-12T09:30")).isEqualTo("2026-05-12");
    }

    @Test
    void ambiguousOrBrokenDatesAreRefusedNamingTheFieldAndTheValue() {
        for (String bad : new String[] {
            "12/05", "05/12/2026", "2026-05", "2026-13-45", "2026-02-30", "2026-05-12garbage", "tomorrow", ""
        }) {
            assertThatThrownBy(() -> TypedValue.convert(row(FieldType.DATE), bad))
                    .as(bad)
                    .isInstanceOfSatisfying(TypedValue.Refused.class, r -> {
                        assertThat(r.category).isEqualTo(ErrorCategory.DATA_VALUE_VALIDATION);
                        assertThat(r.getMessage())
                                .contains("'custom.visitDate'", "'" + bad + "'", "Visit_Date__c", "ISO date");
                    });
        }
    }

    @Test
    void numbersAndBooleansAreConvertedOrRefusedTheSameWay() {
        assertThat(TypedValue.convert(row(FieldType.NUMBER), " 1250.50 ")).isEqualTo(new BigDecimal("1250.50"));
        assertThat(TypedValue.convert(row(FieldType.NUMBER), "-3")).isEqualTo(new BigDecimal("-3"));
        for (String bad : new String[] {"1,250", "12 employees", "NaN", "Infinity", "0x1F", "1e999999", ""}) {
            assertThatThrownBy(() -> TypedValue.convert(row(FieldType.NUMBER), bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            TypedValue.Refused.class,
                            r -> assertThat(r.getMessage()).contains("'" + bad + "'"));
        }
        assertThat(TypedValue.convert(row(FieldType.BOOLEAN), "Yes")).isEqualTo(true);
        assertThat(TypedValue.convert(row(FieldType.BOOLEAN), "0")).isEqualTo(false);
        assertThatThrownBy(() -> TypedValue.convert(row(FieldType.BOOLEAN), "maybe"))
                .isInstanceOf(TypedValue.Refused.class)
                .hasMessageContaining("'maybe'");
        assertThat(TypedValue.convert(row(FieldType.TEXT), "12/05")).isEqualTo("12/05");
        assertThat(TypedValue.convert(row(FieldType.DATE), null)).isNull();
    }
}
