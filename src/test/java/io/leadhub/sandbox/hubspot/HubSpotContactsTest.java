package io.leadhub.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class HubSpotContactsTest extends HubSpotTestBase {

    @Test
    void batchUpsertCreatesThenUpdatesCaseInsensitively() throws Exception {
        MvcResult first = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'Jane.Doe@Acme-Robotics.com','idProperty':'email',
                  'properties':{'firstname':'Jane','lastname':'Doe','leadhub_lead_type':'hot',
                                'leadhub_product_interest':'robots;drones'}}]}"""));
        assertThat(status(first)).isEqualTo(200);
        JsonNode created = json(first);
        assertThat(created.path("status").asText()).isEqualTo("COMPLETE");
        JsonNode c = created.path("results").get(0);
        assertThat(c.path("new").asBoolean()).isTrue();
        assertThat(c.path("id").asText()).matches("\\d+");
        assertThat(c.path("properties").path("email").asText()).isEqualTo("jane.doe@acme-robotics.com");
        assertThat(c.path("archived").asBoolean()).isFalse();
        assertThat(created.has("startedAt")).isTrue();
        assertThat(created.has("completedAt")).isTrue();

        MvcResult second = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'  jane.doe@acme-robotics.COM ','idProperty':'email',
                  'properties':{'jobtitle':'VP Engineering','leadhub_lead_type':'warm'}}]}"""));
        assertThat(status(second)).isEqualTo(200);
        JsonNode u = json(second).path("results").get(0);
        assertThat(u.path("id").asText()).isEqualTo(c.path("id").asText());
        assertThat(u.path("new").asBoolean()).isFalse();
        assertThat(u.path("properties").path("firstname").asText()).isEqualTo("Jane");
        assertThat(u.path("properties").path("jobtitle").asText()).isEqualTo("VP Engineering");
        assertThat(u.path("properties").path("leadhub_lead_type").asText()).isEqualTo("warm");

        JsonNode all = records("contacts");
        assertThat(all).hasSize(1);
        assertThat(all.get(0)
                        .path("properties")
                        .path("leadhub_product_interest")
                        .asText())
                .isEqualTo("robots;drones");
    }

    @Test
    void invalidEmailAmongValidOnesIs207AndValidOnesAreWritten() throws Exception {
        MvcResult r = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[
                  {'id':'a@example.com','idProperty':'email','properties':{'firstname':'A'}},
                  {'id':'foo','idProperty':'email','properties':{'firstname':'Foo'}},
                  {'id':'b@example.com','idProperty':'email','properties':{'firstname':'B'}}]}"""));
        assertThat(status(r)).isEqualTo(207);
        JsonNode body = json(r);
        assertThat(body.path("results")).hasSize(2);
        assertThat(body.path("numErrors").asInt()).isEqualTo(1);
        JsonNode error = body.path("errors").get(0);
        assertThat(error.path("status").asText()).isEqualTo("error");
        assertThat(error.path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.path("message").asText()).isEqualTo("Email address foo is invalid");
        assertThat(error.path("context").path("ids").get(0).asText()).isEqualTo("foo");
        assertThat(records("contacts")).hasSize(2);
    }

    @Test
    void unknownPropertyIs400AndNothingIsWritten() throws Exception {
        MvcResult r = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'a@example.com','idProperty':'email','properties':{'firstname':'A'}},
                           {'id':'b@example.com','idProperty':'email','properties':{'foo':'x'}}]}"""));
        assertThat(status(r)).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("error");
        assertThat(body.path("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.path("correlationId").asText()).isNotBlank();
        assertThat(body.has("errors"))
                .as("HubSpot embeds the problems in the message")
                .isFalse();
        JsonNode e = embedded(body).get(0);
        assertThat(e.path("error").asText()).isEqualTo("PROPERTY_DOESNT_EXIST");
        assertThat(e.path("message").asText()).isEqualTo("Property \"foo\" does not exist");
        assertThat(e.path("name").asText()).isEqualTo("foo");
        assertThat(e.path("isValid").asBoolean(true)).isFalse();
        assertThat(records("contacts")).isEmpty();
    }

    @Test
    void invalidOptionIs400IncludingEachMultiSelectValue() throws Exception {
        MvcResult single = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'a@example.com','idProperty':'email','properties':{'leadhub_lead_type':'Hot'}}]}"""));
        assertThat(status(single)).isEqualTo(400);
        assertThat(embedded(json(single)).get(0).path("error").asText()).isEqualTo("INVALID_OPTION");

        MvcResult multi = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'a@example.com','idProperty':'email','properties':{'leadhub_product_interest':'robots;boats'}}]}"""));
        assertThat(status(multi)).isEqualTo(400);
        JsonNode e = embedded(json(multi)).get(0);
        assertThat(e.path("error").asText()).isEqualTo("INVALID_OPTION");
        assertThat(e.path("message").asText()).startsWith("boats was not one of the allowed options");
        assertThat(records("contacts")).isEmpty();
    }

    @Test
    void tooLongValueIs400() throws Exception {
        MvcResult r = postJson(
                "/crm/v3/objects/contacts/batch/upsert",
                j("{'inputs':[{'id':'a@example.com','idProperty':'email'," + "'properties':{'firstname':'"
                        + "x".repeat(256) + "'}}]}"));
        assertThat(status(r)).isEqualTo(400);
        assertThat(embedded(json(r)).get(0).path("error").asText()).isEqualTo("VALUE_TOO_LONG");
    }

    @Test
    void duplicateIdsInOneBatchAre400() throws Exception {
        MvcResult r = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'a@b.com','idProperty':'email','properties':{'firstname':'A'}},
                           {'id':'A@B.com','idProperty':'email','properties':{'firstname':'B'}}]}"""));
        assertThat(status(r)).isEqualTo(400);
        assertThat(json(r).path("message").asText()).isEqualTo("Duplicate IDs found in batch input: [a@b.com]");
        assertThat(records("contacts")).isEmpty();
    }

    @Test
    void moreThan100InputsAre400() throws Exception {
        StringBuilder sb = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 101; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"p")
                    .append(i)
                    .append("@example.com\",\"idProperty\":\"email\",\"properties\":{}}");
        }
        MvcResult r = postJson(
                "/crm/v3/objects/contacts/batch/upsert", sb.append("]}").toString());
        assertThat(status(r)).isEqualTo(400);
        assertThat(records("contacts")).isEmpty();
    }

    @Test
    void missingIdOrWrongIdPropertyIs400() throws Exception {
        assertThat(status(postJson(
                        "/crm/v3/objects/contacts/batch/upsert",
                        j("{'inputs':[{'idProperty':'email','properties':{}}]}"))))
                .isEqualTo(400);
        assertThat(status(postJson(
                        "/crm/v3/objects/contacts/batch/upsert",
                        j("{'inputs':[{'id':'a@b.com','idProperty':'email'}]}"))))
                .isEqualTo(400);
        assertThat(status(postJson(
                        "/crm/v3/objects/contacts/batch/upsert",
                        j("{'inputs':[{'id':'Jane','idProperty':'firstname','properties':{}}]}"))))
                .isEqualTo(400);
    }

    @Test
    void batchUpdateAndBatchReadReportUnknownIdsAs207() throws Exception {
        String id = upsertContact("a@example.com", j("{'firstname':'A'}"));
        MvcResult upd = postJson(
                "/crm/v3/objects/contacts/batch/update",
                j("{'inputs':[{'id':'" + id
                        + "','properties':{'lastname':'Alpha'}},{'id':'999','properties':{'lastname':'X'}}]}"));
        assertThat(status(upd)).isEqualTo(207);
        JsonNode body = json(upd);
        assertThat(body.path("results")
                        .get(0)
                        .path("properties")
                        .path("lastname")
                        .asText())
                .isEqualTo("Alpha");
        assertThat(body.path("errors").get(0).path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(body.path("errors").get(0).path("context").path("ids").get(0).asText())
                .isEqualTo("999");

        MvcResult read = postJson(
                "/crm/v3/objects/contacts/batch/read",
                j(
                        "{'properties':['lastname'],'idProperty':'email','inputs':[{'id':'A@example.com'},{'id':'zz@example.com'}]}"));
        assertThat(status(read)).isEqualTo(207);
        JsonNode rb = json(read);
        assertThat(rb.path("results").get(0).path("id").asText()).isEqualTo(id);
        assertThat(rb.path("results").get(0).path("properties").path("lastname").asText())
                .isEqualTo("Alpha");
        assertThat(rb.path("errors").get(0).path("context").path("ids").get(0).asText())
                .isEqualTo("zz@example.com");

        MvcResult allFound = postJson("/crm/v3/objects/contacts/batch/read", j("{'inputs':[{'id':'" + id + "'}]}"));
        assertThat(status(allFound)).isEqualTo(200);
    }

    @Test
    void searchEqAndIn() throws Exception {
        String a = upsertContact("a@example.com", j("{'firstname':'Ann','hs_lead_status':'NEW'}"));
        String b = upsertContact("b@example.com", j("{'firstname':'Bob','hs_lead_status':'OPEN'}"));
        upsertContact("c@example.com", j("{'firstname':'Cid','hs_lead_status':'OPEN'}"));

        JsonNode eq = json(postJson("/crm/v3/objects/contacts/search", j("""
                {'filterGroups':[{'filters':[{'propertyName':'email','operator':'EQ','value':'A@Example.com'}]}],
                 'properties':['email','firstname'],'limit':1}""")));
        assertThat(eq.path("total").asInt()).isEqualTo(1);
        assertThat(eq.path("results").get(0).path("id").asText()).isEqualTo(a);
        assertThat(eq.path("results")
                        .get(0)
                        .path("properties")
                        .path("firstname")
                        .asText())
                .isEqualTo("Ann");

        JsonNode in = json(postJson("/crm/v3/objects/contacts/search", j("""
                {'filterGroups':[{'filters':[{'propertyName':'email','operator':'IN','values':['a@example.com','B@EXAMPLE.COM','nobody@example.com']}]}],
                 'properties':['email'],'limit':200}""")));
        assertThat(in.path("total").asInt()).isEqualTo(2);
        assertThat(in.path("results").findValuesAsText("id")).containsExactly(a, b);

        JsonNode byStatus = json(postJson("/crm/v3/objects/contacts/search", j("""
                {'filterGroups':[{'filters':[{'propertyName':'hs_lead_status','operator':'EQ','value':'OPEN'}]}],'limit':1}""")));
        assertThat(byStatus.path("total").asInt()).isEqualTo(2);
        assertThat(byStatus.path("results")).hasSize(1);
        assertThat(byStatus.path("paging").path("next").path("after").asText()).isEqualTo("1");

        assertThat(status(postJson("/crm/v3/objects/contacts/search", j("{'filterGroups':[],'limit':201}"))))
                .isEqualTo(400);
    }

    @Test
    void singleCreateConflictsOnExistingEmailAndGetPatch() throws Exception {
        MvcResult created =
                postJson("/crm/v3/objects/contacts", j("{'properties':{'email':'X@Example.com','firstname':'X'}}"));
        assertThat(status(created)).isEqualTo(201);
        String id = json(created).path("id").asText();

        MvcResult conflict = postJson("/crm/v3/objects/contacts", j("{'properties':{'email':'x@example.com'}}"));
        assertThat(status(conflict)).isEqualTo(409);
        assertThat(json(conflict).path("category").asText()).isEqualTo("CONFLICT");
        assertThat(json(conflict).path("message").asText()).isEqualTo("Contact already exists. Existing ID: " + id);

        MvcResult got = api("GET", "/crm/v3/objects/contacts/" + id + "?properties=firstname,email", null);
        assertThat(status(got)).isEqualTo(200);
        assertThat(json(got).path("properties").path("email").asText()).isEqualTo("x@example.com");
        assertThat(status(api("GET", "/crm/v3/objects/contacts/123", null))).isEqualTo(404);

        MvcResult patched = api("PATCH", "/crm/v3/objects/contacts/" + id, j("{'properties':{'lastname':'Ray'}}"));
        assertThat(status(patched)).isEqualTo(200);
        assertThat(json(patched).path("properties").path("lastname").asText()).isEqualTo("Ray");
        assertThat(status(api("PATCH", "/crm/v3/objects/contacts/1", j("{'properties':{'lastname':'Ray'}}"))))
                .isEqualTo(404);
        assertThat(status(api("PATCH", "/crm/v3/objects/contacts/" + id, j("{'properties':{'nope':'Ray'}}"))))
                .isEqualTo(400);
    }

    @Test
    void propertiesEndpointServesTheCatalog() throws Exception {
        JsonNode props = json(api("GET", "/crm/v3/properties/contacts", null)).path("results");
        JsonNode interest = null;
        for (JsonNode p : props) {
            if (p.path("name").asText().equals("leadhub_product_interest")) {
                interest = p;
            }
        }
        assertThat(interest).isNotNull();
        assertThat(interest.path("type").asText()).isEqualTo("enumeration");
        assertThat(interest.path("fieldType").asText()).isEqualTo("checkbox");
        assertThat(interest.path("options").findValuesAsText("value")).containsExactly("robots", "drones", "software");
        assertThat(props.findValuesAsText("name"))
                .contains("email", "hs_lead_status", "lifecyclestage", "associatedcompanyid");
        JsonNode companies =
                json(api("GET", "/crm/v3/properties/companies", null)).path("results");
        assertThat(companies.findValuesAsText("name")).contains("domain", "numberofemployees");
    }

    /** The problems HubSpot embeds as a JSON list in the message of a property validation answer. */
    private static JsonNode embedded(JsonNode body) throws Exception {
        String message = body.path("message").asText();
        assertThat(message).startsWith("Property values were not valid: [");
        return new ObjectMapper().readTree(message.substring(message.indexOf('[')));
    }
}
