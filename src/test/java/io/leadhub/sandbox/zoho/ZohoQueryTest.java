package io.leadhub.sandbox.zoho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The COQL subset the Zoho simulator answers: or-joined = / in conditions, quoted literals, Zoho's limits. */
class ZohoQueryTest {

    @Test
    void parsesOrJoinedInListsWithEscapedQuotes() {
        var q = ZohoQuery.parse("select id, Email, Designation from Leads where (Email in ('o''brien@x.io', 'a@b.io')) "
                + "or (id in ('5725767000000400001')) limit 2000");
        assertThat(q.module()).isEqualTo("Leads");
        assertThat(q.fields()).containsExactly("id", "Email", "Designation");
        assertThat(q.anyOf().get("Email")).containsExactly("o'brien@x.io", "a@b.io");
        assertThat(q.anyOf().get("id")).containsExactly("5725767000000400001");
        assertThat(q.limit()).isEqualTo(2000);
        assertThat(ZohoQuery.parse("select Email from Contacts where Email = 'x or y@z.io'")
                        .anyOf()
                        .get("Email"))
                .containsExactly("x or y@z.io");
        assertThat(ZohoQuery.matches("Ada@Engines.io", List.of("ada@engines.io")))
                .isTrue();
    }

    @Test
    void refusesWhatZohoRefuses() {
        String many = IntStream.range(0, 101).mapToObj(i -> "'v" + i + "@x.io'").collect(Collectors.joining(", "));
        assertThatThrownBy(() -> ZohoQuery.parse("select Email from Leads where Email in (" + many + ")"))
                .isInstanceOfSatisfying(
                        ZohoQuery.Invalid.class, e -> assertThat(e.code).isEqualTo("LIMIT_EXCEEDED"));
        assertThatThrownBy(() -> ZohoQuery.parse("select Email from Leads")).isInstanceOf(ZohoQuery.Invalid.class);
        assertThatThrownBy(() -> ZohoQuery.parse("select Email from Leads where Email in ('a') and id in ('1')"))
                .isInstanceOf(ZohoQuery.Invalid.class);
        assertThatThrownBy(() -> ZohoQuery.parse("select Email from Leads where Email in (a@x.io)"))
                .isInstanceOf(ZohoQuery.Invalid.class);
        assertThatThrownBy(() -> ZohoQuery.parse("select Email from Leads where Email in ('a@x.io') limit 5000"))
                .isInstanceOfSatisfying(
                        ZohoQuery.Invalid.class, e -> assertThat(e.code).isEqualTo("LIMIT_EXCEEDED"));
    }
}
