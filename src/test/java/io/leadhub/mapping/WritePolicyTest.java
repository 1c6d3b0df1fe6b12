package io.leadhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.WritePolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one write-policy rule every connector applies. */
class WritePolicyTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void createsWriteEverythingUpdatesFollowThePolicyAndTheCurrentValue() throws Exception {
        for (WritePolicy p : WritePolicy.values())
            assertThat(p.writes(false, "anything")).as(p + " on create").isTrue();
        assertThat(WritePolicy.ALWAYS.writes(true, "CEO")).isTrue();
        assertThat(WritePolicy.CREATE_ONLY.writes(true, null)).isFalse();
        assertThat(WritePolicy.IF_EMPTY.writes(true, "CEO")).isFalse();
        assertThat(WritePolicy.IF_EMPTY.writes(
                        true, json.readTree("{\"t\":\"CEO\"}").path("t")))
                .isFalse();
        assertThat(WritePolicy.IF_EMPTY.writes(true, json.readTree("{\"id\":\"1\"}")))
                .as("a lookup value")
                .isFalse();
        for (Object empty : new Object[] {
            null,
            "",
            "  ",
            List.of(),
            Map.of(),
            json.readTree("{\"t\":null}").path("t"),
            json.readTree("{}").path("missing"),
            json.readTree("[]"),
            json.readTree("\"\"")
        }) {
            assertThat(WritePolicy.IF_EMPTY.writes(true, empty))
                    .as(String.valueOf(empty))
                    .isTrue();
        }
    }

    @Test
    void aMappedObjectAnswersWhatToWriteIntoAnExistingRecord() {
        MappedObject m = new MappedObject();
        m.put("Title", "Buyer", WritePolicy.IF_EMPTY);
        m.put("Source", "BADGE_SCAN", WritePolicy.CREATE_ONLY);
        m.put("Notes", "Met at booth", WritePolicy.IF_EMPTY);
        m.put("Event", "Expo", WritePolicy.ALWAYS);
        Map<String, String> vendor = Map.of("Title", "CEO", "Source", "WEBINAR", "Notes", "", "Event", "Old");
        assertThat(m.conditionalFields()).containsExactly("Title", "Source", "Notes");
        assertThat(m.toWrite(vendor, Map::get)).containsOnlyKeys("Notes", "Event");
        assertThat(m.toWrite((Map<String, String>) null, Map::get))
                .containsOnlyKeys("Title", "Source", "Notes", "Event");
    }
}
