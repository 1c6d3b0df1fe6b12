package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.COLLECTION_MAX;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;

/** Describe calls: the global object list and one object's fields as the integration user sees them. */
final class SalesforceDescribe {

    private final SalesforceRecordAccess access;
    private final SalesforceCatalog catalog;

    SalesforceDescribe(SalesforceRecordAccess access) {
        this.access = access;
        this.catalog = access.catalog;
    }

    /** {@code GET /sobjects/} (global describe). */
    public ObjectNode describeGlobal(String version) {
        ObjectNode out = SandboxJson.object();
        out.put("encoding", "UTF-8");
        out.put("maxBatchSize", COLLECTION_MAX);
        ArrayNode list = out.putArray("sobjects");
        for (String name : catalog.objectNames()) {
            SObject o = access.object(name);
            list.add(basics(version, o));
        }
        return out;
    }

    ObjectNode basics(String version, SObject o) {
        ObjectNode n = SandboxJson.object();
        n.put("name", o.name());
        n.put("label", o.label());
        n.put("labelPlural", o.label() + "s");
        n.put("keyPrefix", o.keyPrefix());
        n.put("custom", o.name().endsWith("__c"));
        n.put("createable", true);
        n.put("updateable", true);
        n.put("deletable", true);
        n.put("queryable", true);
        n.put("searchable", true);
        n.put("layoutable", true);
        n.putObject("urls")
                .put("sobject", "/services/data/" + version + "/sobjects/" + o.name())
                .put("describe", "/services/data/" + version + "/sobjects/" + o.name() + "/describe")
                .put("rowTemplate", "/services/data/" + version + "/sobjects/" + o.name() + "/{ID}");
        return n;
    }

    /** {@code GET /sobjects/{object}/describe/}: fields hidden by field-level security are left out. */
    public ObjectNode describe(String version, String objectName) {
        SObject o = access.object(objectName);
        ObjectNode n = basics(version, o);
        ArrayNode fields = n.putArray("fields");
        for (Field f : o.fields().values()) {
            if (!access.visible(o, f)) {
                continue;
            }
            ObjectNode d = fields.addObject();
            d.put("name", f.name());
            d.put("label", f.label());
            d.put("type", f.type());
            d.put("length", f.text() ? (f.length() == null ? 0 : f.length()) : 0);
            d.put("custom", f.custom());
            d.put("nillable", !f.required() && !f.system() && !f.type().equals("boolean"));
            d.put("createable", access.createable(o, f));
            d.put("updateable", access.updateable(o, f));
            d.put(
                    "defaultedOnCreate",
                    f.defaultValue() != null || f.system() || f.name().equals("OwnerId"));
            d.put("externalId", f.externalId());
            d.put(
                    "idLookup",
                    f.externalId() || f.name().equals("Id") || f.type().equals("email"));
            d.put("unique", f.unique());
            d.put("restrictedPicklist", f.restricted());
            d.put("filterable", true);
            d.put("sortable", !f.type().equals("textarea") || (f.length() != null && f.length() <= 255));
            d.put("calculated", false);
            if (f.type().equals("boolean")) {
                d.put("defaultValue", Boolean.parseBoolean(f.defaultValue()));
            } else {
                d.putNull("defaultValue");
            }
            ArrayNode refs = d.putArray("referenceTo");
            f.referenceTo().forEach(refs::add);
            if (f.type().equals("reference")) {
                d.put(
                        "relationshipName",
                        f.name().endsWith("Id")
                                ? f.name().substring(0, f.name().length() - 2)
                                : f.name().replace("__c", "__r"));
            } else {
                d.putNull("relationshipName");
            }
            ArrayNode values = d.putArray("picklistValues");
            for (String v : f.values()) {
                values.addObject()
                        .put("active", true)
                        .put("defaultValue", v.equals(f.defaultValue()))
                        .put("label", v)
                        .putNull("validFor")
                        .put("value", v);
            }
            d.put(
                    "soapType",
                    switch (f.type()) {
                        case "id", "reference" -> "tns:ID";
                        case "boolean" -> "xsd:boolean";
                        case "date" -> "xsd:date";
                        case "datetime" -> "xsd:dateTime";
                        case "double", "currency" -> "xsd:double";
                        case "int" -> "xsd:int";
                        default -> "xsd:string";
                    });
        }
        return n;
    }
}
