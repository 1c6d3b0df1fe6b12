package io.leadhub.capture;

import static io.leadhub.lead.LeadField.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.lead.ActivityType;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadSource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLeadReaderTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonLeadReader reader = new JsonLeadReader();

    private JsonNode json(String s) {
        try {
            return mapper.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsFullBody() {
        LeadDraft d = reader.read(json("""
                {'captureId':'app-123','source':'CAMERA_ROLL','capturedAt':'2026-11-20T10:15:00Z',
                 'firstName':' Jane ','lastName':'Doe','email':'jane@acme.com','phone':'+1 415 555 0100',
                 'company':'Acme','jobTitle':'CTO','website':'acme.com','linkedinUrl':'https://linkedin.com/in/jane',
                 'address':{'street':'1 Main St','city':'Springfield','region':'IL','postalCode':'62701','country':'US'},
                 'notes':'Met at booth',
                 'customFields':{'Booth rep':'Sam'},
                 'qualifiers':{'Lead type':'Hot','Product interest':['Robots','Drones']},
                 'activities':[{'id':'act-1','type':'CALL','occurredAt':'2026-11-20T11:00:00+01:00','subject':'Intro call','notes':'Left voicemail'},
                               {'type':'NOTE'}]}
                """), LeadSource.MANUAL);

        assertThat(d.captureId()).isEqualTo("app-123");
        assertThat(d.source()).isEqualTo(LeadSource.CAMERA_ROLL);
        assertThat(d.capturedAt()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));
        assertThat(d.get(FIRST_NAME)).isEqualTo("Jane");
        assertThat(d.get(LAST_NAME)).isEqualTo("Doe");
        assertThat(d.get(EMAIL)).isEqualTo("jane@acme.com");
        assertThat(d.get(PHONE)).isEqualTo("+1 415 555 0100");
        assertThat(d.get(COMPANY)).isEqualTo("Acme");
        assertThat(d.get(JOB_TITLE)).isEqualTo("CTO");
        assertThat(d.get(WEBSITE)).isEqualTo("acme.com");
        assertThat(d.get(LINKEDIN_URL)).isEqualTo("https://linkedin.com/in/jane");
        assertThat(d.get(STREET)).isEqualTo("1 Main St");
        assertThat(d.get(CITY)).isEqualTo("Springfield");
        assertThat(d.get(REGION)).isEqualTo("IL");
        assertThat(d.get(POSTAL_CODE)).isEqualTo("62701");
        assertThat(d.get(COUNTRY)).isEqualTo("US");
        assertThat(d.get(NOTES)).isEqualTo("Met at booth");
        assertThat(d.customFields()).containsExactly(Map.entry("Booth rep", "Sam"));
        assertThat(d.qualifiers().get("Lead type")).containsExactly("Hot");
        assertThat(d.qualifiers().get("Product interest")).containsExactly("Robots", "Drones");
        assertThat(d.activities())
                .containsExactly(
                        new LeadDraft.ActivityDraft(
                                "act-1",
                                ActivityType.CALL,
                                Instant.parse("2026-11-20T10:00:00Z"),
                                "Intro call",
                                "Left voicemail"),
                        new LeadDraft.ActivityDraft(null, ActivityType.NOTE, null, null, null));
    }

    @Test
    void minimalBodyUsesDefaultSourceAndLeavesCapturedAtNull() {
        LeadDraft d = reader.read(
                json("{'email':'a@b.co','source':null,'address':null,'phone':null}"), LeadSource.BADGE_SCAN);
        assertThat(d.source()).isEqualTo(LeadSource.BADGE_SCAN);
        assertThat(d.capturedAt()).isNull();
        assertThat(d.captureId()).isNull();
        assertThat(d.get(EMAIL)).isEqualTo("a@b.co");
        assertThat(d.get(PHONE)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "['a']                                         | the lead body must be a JSON object",
                "{'emial':'x@y.com'}                            | unknown field 'emial'",
                "{'phone':4930123}                              | 'phone' must be a string",
                "{'firstName':{'x':1}}                          | 'firstName' must be a string",
                "{'address':{'zip':'123'}}                      | unknown field 'address.zip'",
                "{'address':'Main St'}                          | 'address' must be an object",
                "{'address':{'city':12}}                        | 'address.city' must be a string",
                "{'capturedAt':'20/11/2026 10:15'}              | 'capturedAt' is not an ISO-8601 timestamp",
                "{'capturedAt':1763633700}                      | 'capturedAt' must be a string",
                "{'source':'FAX'}                               | unknown source 'FAX'",
                "{'source':'CSV'}                               | source 'CSV' is only for CSV uploads",
                "{'qualifiers':{'Lead type':3}}                 | 'qualifiers.Lead type' must be a string or an array of strings",
                "{'qualifiers':{'Interest':['Robots',1]}}       | 'qualifiers.Interest' must be a string or an array of strings",
                "{'qualifiers':['Hot']}                         | 'qualifiers' must be an object",
                "{'customFields':{'Budget':12500}}              | 'customFields.Budget' must be a string",
                "{'activities':{'type':'CALL'}}                 | 'activities' must be an array",
                "{'activities':[{'type':'FAX'}]}                | unknown activity type 'FAX'",
                "{'activities':[{'subject':'hi'}]}              | 'activities[0].type' is required",
                "{'activities':[{'type':'CALL','when':'x'}]}    | unknown field 'activities[0].when'",
                "{'activities':[{'type':'CALL'},{'type':'SMS','occurredAt':'soon'}]} | 'activities[1].occurredAt' is not an ISO-8601 timestamp",
            })
    void refusesInvalidBodiesNamingTheField(String body, String message) {
        assertThatThrownBy(() -> reader.read(json(body), LeadSource.MANUAL))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesNullNode() {
        assertThatThrownBy(() -> reader.read(null, LeadSource.MANUAL)).isInstanceOf(CaptureException.class);
    }
}
