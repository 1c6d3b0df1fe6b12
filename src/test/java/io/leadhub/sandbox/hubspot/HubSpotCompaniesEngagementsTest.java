package io.leadhub.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class HubSpotCompaniesEngagementsTest extends HubSpotTestBase {

    @Test
    void companiesBatchCreateSearchByDomainAndDomainIsNotUnique() throws Exception {
        MvcResult r = postJson("/crm/v3/objects/companies/batch/create", j("""
                {'inputs':[{'properties':{'name':'Acme Robotics','domain':'acme-robotics.com','numberofemployees':'420'}},
                           {'properties':{'name':'Acme Robotics EU','domain':'acme-robotics.com'}},
                           {'properties':{'name':'Globex','domain':'globex.io'}}]}"""));
        assertThat(status(r)).isEqualTo(201);
        assertThat(json(r).path("results")).hasSize(3);

        JsonNode found = json(postJson("/crm/v3/objects/companies/search", j("""
                {'filterGroups':[{'filters':[{'propertyName':'domain','operator':'EQ','value':'ACME-robotics.com'}]}],'properties':['name','domain']}""")));
        assertThat(found.path("total").asInt()).isEqualTo(2);
        JsonNode in = json(postJson("/crm/v3/objects/companies/search", j("""
                {'filterGroups':[{'filters':[{'propertyName':'domain','operator':'IN','values':['globex.io','initech.com']}]}]}""")));
        assertThat(in.path("results").get(0).path("properties").path("name").asText())
                .isEqualTo("Globex");

        String id = in.path("results").get(0).path("id").asText();
        assertThat(status(api("GET", "/crm/v3/objects/companies/" + id, null))).isEqualTo(200);
        MvcResult upd = postJson(
                "/crm/v3/objects/companies/batch/update",
                j("{'inputs':[{'id':'" + id + "','properties':{'industry':'Software'}}]}"));
        assertThat(status(upd)).isEqualTo(200);
        assertThat(json(upd)
                        .path("results")
                        .get(0)
                        .path("properties")
                        .path("industry")
                        .asText())
                .isEqualTo("Software");

        MvcResult bad = postJson(
                "/crm/v3/objects/companies/batch/create",
                j("{'inputs':[{'properties':{'numberofemployees':'many'}}]}"));
        assertThat(status(bad)).isEqualTo(400);
        assertThat(records("companies")).hasSize(3);
    }

    @Test
    void associatedCompanyIdCreatesPrimaryAssociationAndUnknownCompanyIsPerRecordError() throws Exception {
        String company = createCompany("Acme Robotics", "acme-robotics.com");
        MvcResult r = postJson("/crm/v3/objects/contacts/batch/upsert", j("""
                {'inputs':[{'id':'jane@acme-robotics.com','idProperty':'email','properties':{'associatedcompanyid':'%s'}},
                           {'id':'joe@acme-robotics.com','idProperty':'email','properties':{'associatedcompanyid':'424242'}}]}""".formatted(company)));
        assertThat(status(r)).isEqualTo(207);
        JsonNode body = json(r);
        assertThat(body.path("results")).hasSize(1);
        assertThat(body.path("errors").get(0).path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(body.path("errors").get(0).path("context").path("ids").get(0).asText())
                .isEqualTo("joe@acme-robotics.com");

        JsonNode associations = records("associations");
        assertThat(associations).hasSize(1);
        JsonNode a = associations.get(0);
        assertThat(a.path("from").path("id").asText())
                .isEqualTo(body.path("results").get(0).path("id").asText());
        assertThat(a.path("to").path("id").asText()).isEqualTo(company);
        assertThat(a.path("type").asText()).isEqualTo("contact_to_company");
        assertThat(a.path("primary").asBoolean()).isTrue();
    }

    @Test
    void v4DefaultAssociationsSingleAndBatch() throws Exception {
        String company = createCompany("Globex", "globex.io");
        String contact = upsertContact("maria.garcia@globex.io", j("{'firstname':'Maria'}"));

        MvcResult put =
                api("PUT", "/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company, null);
        assertThat(status(put)).isEqualTo(200);
        assertThat(status(
                        api("PUT", "/crm/v4/objects/contacts/" + contact + "/associations/default/companies/1", null)))
                .isEqualTo(404);

        String other = upsertContact("john.smith@globex.io", j("{'firstname':'John'}"));
        MvcResult batch = postJson("/crm/v4/associations/contacts/companies/batch/associate/default", j("""
                {'inputs':[{'from':{'id':'%s'},'to':{'id':'%s'}},{'from':{'id':'77'},'to':{'id':'%s'}}]}""".formatted(
                        other, company, company)));
        assertThat(status(batch)).isEqualTo(207);
        assertThat(json(batch).path("results")).hasSize(1);
        assertThat(json(batch).path("errors").get(0).path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(records("associations")).hasSize(2);

        // first company of a contact becomes its primary one
        JsonNode got =
                json(api("GET", "/crm/v3/objects/contacts/" + contact + "?properties=associatedcompanyid", null));
        assertThat(got.path("properties").path("associatedcompanyid").asText()).isEqualTo(company);
        JsonNode listed = json(api("GET", "/crm/v4/objects/contacts/" + contact + "/associations/companies", null));
        assertThat(listed.path("results").get(0).path("toObjectId").asText()).isEqualTo(company);
    }

    @Test
    void engagementsNeedTimestampAndKnownContacts() throws Exception {
        String contact = upsertContact("li.wei@initech.com", j("{'firstname':'Li'}"));
        MvcResult notes = postJson("/crm/v3/objects/notes/batch/create", j("""
                {'inputs':[
                  {'properties':{'hs_timestamp':'2025-03-01T10:00:00Z','hs_note_body':'Met at booth'},
                   'associations':[{'to':{'id':'%s'},'types':[{'associationCategory':'HUBSPOT_DEFINED','associationTypeId':202}]}]},
                  {'properties':{'hs_timestamp':'1740823200000','hs_note_body':'Ghost'},
                   'associations':[{'to':{'id':'999'},'types':[{'associationCategory':'HUBSPOT_DEFINED','associationTypeId':202}]}]}]}""".formatted(contact)));
        assertThat(status(notes)).isEqualTo(207);
        JsonNode body = json(notes);
        assertThat(body.path("results")).hasSize(1);
        assertThat(body.path("results").get(0).path("id").asText()).matches("\\d+");
        assertThat(body.path("errors").get(0).path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(records("notes")).hasSize(1);
        assertThat(records("notes")
                        .get(0)
                        .path("properties")
                        .path("hs_note_body")
                        .asText())
                .isEqualTo("Met at booth");

        MvcResult noTimestamp =
                postJson("/crm/v3/objects/calls/batch/create", j("{'inputs':[{'properties':{'hs_call_body':'hi'}}]}"));
        assertThat(status(noTimestamp)).isEqualTo(400);
        assertThat(records("calls")).isEmpty();

        MvcResult call = postJson("/crm/v3/objects/calls/batch/create", j("""
                {'inputs':[{'properties':{'hs_timestamp':'2025-03-01T10:00:00Z','hs_call_direction':'OUTBOUND'},
                   'associations':[{'to':{'id':'%s'},'types':[{'associationCategory':'HUBSPOT_DEFINED','associationTypeId':194}]}]}]}""".formatted(contact)));
        assertThat(status(call)).isEqualTo(201);

        // a note's type id on a meeting is refused for that record
        MvcResult meeting = postJson("/crm/v3/objects/meetings/batch/create", j("""
                {'inputs':[{'properties':{'hs_timestamp':'2025-03-01T10:00:00Z'},
                   'associations':[{'to':{'id':'%s'},'types':[{'associationCategory':'HUBSPOT_DEFINED','associationTypeId':202}]}]}]}""".formatted(contact)));
        assertThat(status(meeting)).isEqualTo(207);
        assertThat(records("meetings")).isEmpty();

        assertThat(json(control("GET", "/_stats", null))
                        .path("records")
                        .path("notes")
                        .asInt())
                .isEqualTo(1);
    }
}
