package io.leadhub.sandbox.zoho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SandboxTestSupport;
import io.leadhub.sandbox.SimulatorStore;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The Zoho simulator on its own (standalone MockMvc): Zoho's paths, shapes, status codes and limits. */
class ZohoSimulatorTest {
    static final String ROOT = "/sandbox/zoho";

    SimulatorStore store;
    ZohoSimulator zoho;
    MockMvc mvc;
    String token;

    @BeforeEach
    void setUp() throws Exception {
        store = SandboxTestSupport.memoryStore();
        zoho = new ZohoSimulator(store);
        mvc = SandboxTestSupport.mockMvc(List.of(zoho), new ZohoController(zoho));
        token = tokenCall("sandbox-zoho-refresh").path("access_token").asText();
    }

    @AfterEach
    void close() {
        store.close();
    }

    JsonNode tokenCall(String refresh) throws Exception {
        return json(mvc.perform(post(ROOT + "/oauth/v2/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "refresh_token")
                        .param("client_id", "sandbox-zoho-client")
                        .param("client_secret", "sandbox-zoho-secret")
                        .param("refresh_token", refresh))
                .andReturn()
                .getResponse());
    }

    MockHttpServletResponse call(MockHttpServletRequestBuilder req, Object body) throws Exception {
        req.header("Authorization", "Zoho-oauthtoken " + token);
        if (body != null)
            req.contentType(MediaType.APPLICATION_JSON).content(SandboxJson.MAPPER.writeValueAsString(body));
        return mvc.perform(req).andReturn().getResponse();
    }

    static JsonNode json(MockHttpServletResponse r) throws Exception {
        return SandboxJson.MAPPER.readTree(r.getContentAsString());
    }

    @Test
    void tokenAnswersTheApiDomainAndRefusalsComeAsHttp200Errors() throws Exception {
        JsonNode t = tokenCall("sandbox-zoho-refresh");
        assertThat(t.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(t.path("api_domain").asText()).endsWith("/sandbox/zoho");
        assertThat(tokenCall("wrong").path("error").asText()).isEqualTo("invalid_code");
        zoho.revokeRefreshTokens();
        assertThat(tokenCall("sandbox-zoho-refresh").path("error").asText()).isEqualTo("invalid_code");
    }

    @Test
    void missingBearerOrExpiredTokenIsInvalidToken() throws Exception {
        var noAuth = mvc.perform(get(ROOT + "/crm/v8/settings/fields").param("module", "Leads"))
                .andReturn()
                .getResponse();
        assertThat(noAuth.getStatus()).isEqualTo(401);
        assertThat(json(noAuth).path("code").asText()).isEqualTo("INVALID_TOKEN");
        assertThat(json(noAuth).path("status").asText()).isEqualTo("error");
        var bearer = mvc.perform(get(ROOT + "/crm/v8/settings/fields")
                        .param("module", "Leads")
                        .header("Authorization", "Bearer " + token))
                .andReturn()
                .getResponse();
        assertThat(bearer.getStatus()).as("Zoho wants its own scheme").isEqualTo(401);
        zoho.expireAccessTokens();
        assertThat(call(get(ROOT + "/crm/v8/settings/fields").param("module", "Leads"), null)
                        .getStatus())
                .isEqualTo(401);
    }

    @Test
    void fieldMetadataHasStrictPicklistsAndLengths() throws Exception {
        JsonNode fields = json(call(get(ROOT + "/crm/v8/settings/fields").param("module", "Leads"), null))
                .path("fields");
        JsonNode type = null;
        JsonNode last = null;
        for (JsonNode f : fields) {
            if (f.path("api_name").asText().equals("Leadhub_Lead_Type")) type = f;
            if (f.path("api_name").asText().equals("Last_Name")) last = f;
        }
        assertThat(type.path("data_type").asText()).isEqualTo("picklist");
        assertThat(type.path("pick_list_values"))
                .extracting(v -> v.path("actual_value").asText())
                .contains("Hot", "Warm", "Cold");
        assertThat(last.path("system_mandatory").asBoolean()).isTrue();
        assertThat(last.path("length").asInt()).isEqualTo(80);
        var missing = call(get(ROOT + "/crm/v8/settings/fields"), null);
        assertThat(missing.getStatus()).isEqualTo(400);
        assertThat(json(missing).path("code").asText()).isEqualTo("REQUIRED_PARAM_MISSING");
    }

    @Test
    void upsertInsertsThenUpdatesByEmailWith201Then200() throws Exception {
        var first = call(
                post(ROOT + "/crm/v8/Leads/upsert"),
                Map.of(
                        "duplicate_check_fields",
                        List.of("Email"),
                        "data",
                        List.of(Map.of("Last_Name", "One", "Company", "Globex", "Email", "one@globex.io"))));
        assertThat(first.getStatus()).isEqualTo(201);
        JsonNode r = json(first).path("data").path(0);
        assertThat(r.path("code").asText()).isEqualTo("SUCCESS");
        assertThat(r.path("action").asText()).isEqualTo("insert");
        assertThat(r.path("message").asText()).isEqualTo("record added");
        String id = r.path("details").path("id").asText();

        var second = call(
                post(ROOT + "/crm/v8/Leads/upsert"),
                Map.of(
                        "duplicate_check_fields",
                        List.of("Email"),
                        "data",
                        List.of(Map.of("Last_Name", "One", "Email", "ONE@globex.io", "Designation", "CTO"))));
        assertThat(second.getStatus()).isEqualTo(200);
        JsonNode u = json(second).path("data").path(0);
        assertThat(u.path("action").asText()).isEqualTo("update");
        assertThat(u.path("duplicate_field").asText()).isEqualTo("Email");
        assertThat(u.path("details").path("id").asText()).isEqualTo(id);
        assertThat(store.list("zoho", "Leads")).hasSize(1);
    }

    @Test
    void mixedBatchAnswers207WithPerRecordErrorsInOrder() throws Exception {
        var r = call(
                post(ROOT + "/crm/v8/Leads/upsert"),
                Map.of(
                        "data",
                        List.of(
                                Map.of("Last_Name", "Ok", "Company", "Globex", "Email", "ok@globex.io"),
                                Map.of("Company", "Globex", "Email", "nolast@globex.io"),
                                Map.of(
                                        "Last_Name",
                                        "Long",
                                        "Company",
                                        "Globex",
                                        "Email",
                                        "long@globex.io",
                                        "Designation",
                                        "x".repeat(101)),
                                Map.of(
                                        "Last_Name",
                                        "Pick",
                                        "Company",
                                        "Globex",
                                        "Email",
                                        "pick@globex.io",
                                        "Leadhub_Lead_Type",
                                        "Vip"),
                                Map.of(
                                        "Last_Name",
                                        "Ro",
                                        "Company",
                                        "Globex",
                                        "Email",
                                        "ro@globex.io",
                                        "Lead_Score",
                                        5),
                                Map.of(
                                        "Last_Name",
                                        "Multi",
                                        "Company",
                                        "Globex",
                                        "Email",
                                        "multi@globex.io",
                                        "Leadhub_Product_Interest",
                                        "Robots"))));
        assertThat(r.getStatus()).isEqualTo(207);
        JsonNode data = json(r).path("data");
        assertThat(data.path(0).path("status").asText()).isEqualTo("success");
        assertThat(data.path(1).path("code").asText()).isEqualTo("MANDATORY_NOT_FOUND");
        assertThat(data.path(1).path("details").path("api_name").asText()).isEqualTo("Last_Name");
        assertThat(data.path(1).path("details").path("json_path").asText()).isEqualTo("$.data[1].Last_Name");
        assertThat(data.path(2).path("code").asText()).isEqualTo("INVALID_DATA");
        assertThat(data.path(2).path("details").path("maximum_length").asInt()).isEqualTo(100);
        assertThat(data.path(3).path("code").asText()).isEqualTo("INVALID_DATA");
        assertThat(data.path(3).path("details").path("supported_values"))
                .extracting(JsonNode::asText)
                .contains("Hot");
        assertThat(data.path(4).path("code").asText()).isEqualTo("NO_PERMISSION");
        assertThat(data.path(5).path("details").path("expected_data_type").asText())
                .isEqualTo("jsonarray");
        assertThat(store.list("zoho", "Leads")).hasSize(1);
    }

    @Test
    void duplicateEmailOnAnotherRecordIsDuplicateDataAndAllFailedIs400() throws Exception {
        String a = json(call(
                        post(ROOT + "/crm/v8/Leads/upsert"),
                        Map.of("data", List.of(Map.of("Last_Name", "A", "Company", "C", "Email", "a@globex.io")))))
                .path("data")
                .path(0)
                .path("details")
                .path("id")
                .asText();
        String b = json(call(
                        post(ROOT + "/crm/v8/Leads/upsert"),
                        Map.of("data", List.of(Map.of("Last_Name", "B", "Company", "C", "Email", "b@globex.io")))))
                .path("data")
                .path(0)
                .path("details")
                .path("id")
                .asText();
        var r = call(
                post(ROOT + "/crm/v8/Leads/upsert"), Map.of("data", List.of(Map.of("id", b, "Email", "a@globex.io"))));
        assertThat(r.getStatus()).isEqualTo(400);
        JsonNode dup = json(r).path("data").path(0);
        assertThat(dup.path("code").asText()).isEqualTo("DUPLICATE_DATA");
        assertThat(dup.path("details").path("duplicate_record").path("id").asText())
                .isEqualTo(a);
        var unknown = call(
                post(ROOT + "/crm/v8/Leads/upsert"),
                Map.of("data", List.of(Map.of("id", "1", "Email", "x@globex.io"))));
        assertThat(json(unknown)
                        .path("data")
                        .path(0)
                        .path("details")
                        .path("api_name")
                        .asText())
                .isEqualTo("id");
    }

    @Test
    void requestLevelErrors() throws Exception {
        var tooMany = call(
                post(ROOT + "/crm/v8/Leads/upsert"),
                Map.of("data", Collections.nCopies(101, Map.of("Last_Name", "X", "Company", "C"))));
        assertThat(tooMany.getStatus()).isEqualTo(400);
        assertThat(json(tooMany).path("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        var module = call(post(ROOT + "/crm/v8/Deals/upsert"), Map.of("data", List.of(Map.of("Deal_Name", "X"))));
        assertThat(json(module).path("code").asText()).isEqualTo("INVALID_MODULE");
        zoho.configure(SandboxJson.MAPPER.readTree("{\"dailyCredits\": 0}"));
        var credits = call(get(ROOT + "/crm/v8/settings/fields").param("module", "Leads"), null);
        assertThat(credits.getStatus()).isEqualTo(429);
        assertThat(json(credits).path("code").asText()).isEqualTo("LIMIT_REACHED");
    }

    @Test
    void notesAndCampaignMembersNeedExistingRecords() throws Exception {
        String lead = json(call(
                        post(ROOT + "/crm/v8/Leads/upsert"),
                        Map.of("data", List.of(Map.of("Last_Name", "N", "Company", "C", "Email", "n@globex.io")))))
                .path("data")
                .path(0)
                .path("details")
                .path("id")
                .asText();
        var notes = call(
                post(ROOT + "/crm/v8/Notes"),
                Map.of(
                        "data",
                        List.of(
                                Map.of(
                                        "Note_Title",
                                        "Call",
                                        "Note_Content",
                                        "Call back",
                                        "Parent_Id",
                                        Map.of("module", Map.of("api_name", "Leads"), "id", lead)),
                                Map.of(
                                        "Note_Title",
                                        "Call",
                                        "Note_Content",
                                        "Lost",
                                        "Parent_Id",
                                        Map.of("module", Map.of("api_name", "Leads"), "id", "1")))));
        assertThat(notes.getStatus()).isEqualTo(207);
        assertThat(json(notes)
                        .path("data")
                        .path(1)
                        .path("details")
                        .path("api_name")
                        .asText())
                .isEqualTo("Parent_Id");
        assertThat(store.list("zoho", "Notes")).hasSize(1);

        var members = call(
                put(ROOT + "/crm/v8/Campaigns/" + ZohoSimulator.DEMO_CAMPAIGN_ID + "/Leads"),
                Map.of(
                        "data",
                        List.of(
                                Map.of("id", lead, "Member_Status", "Responded"),
                                Map.of("id", lead, "Member_Status", "Visited"))));
        assertThat(members.getStatus()).isEqualTo(207);
        assertThat(json(members).path("data").path(0).path("message").asText())
                .isEqualTo("relation updated successfully");
        assertThat(json(members)
                        .path("data")
                        .path(1)
                        .path("details")
                        .path("api_name")
                        .asText())
                .isEqualTo("Member_Status");
        assertThat(call(get(ROOT + "/crm/v8/Campaigns/" + ZohoSimulator.DEMO_CAMPAIGN_ID), null)
                        .getStatus())
                .isEqualTo(200);
        assertThat(call(get(ROOT + "/crm/v8/Campaigns/42"), null).getStatus()).isEqualTo(204);
        var unknown = call(put(ROOT + "/crm/v8/Campaigns/42/Leads"), Map.of("data", List.of(Map.of("id", lead))));
        assertThat(unknown.getStatus()).isEqualTo(400);
        assertThat(json(unknown).path("code").asText()).isEqualTo("INVALID_DATA");
    }
}
