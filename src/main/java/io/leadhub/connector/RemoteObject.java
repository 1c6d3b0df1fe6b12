package io.leadhub.connector;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A vendor object behind one of the integration's mapping objects, as the connected user sees it,
 * and what the hub does with it under the integration's settings (create records, update them, or
 * neither when the settings leave the mapping unused).
 *
 * @param object the hub's mapping object (lead, contact, account, company, prospect, person…)
 * @param vendorObject the vendor's name for it (Lead, contacts, Leads…)
 * @param found the object exists and the connected user may read it
 * @param problem why it was not found (the vendor's answer), when {@code found} is false
 * @param creates the hub creates records of it
 * @param updates the hub updates records of it
 * @param createable the connected user may create records of it
 * @param updateable the connected user may update records of it
 * @param fieldsKnown the vendor published the object's fields; false: field checks are not possible
 * @param caseInsensitive the vendor's field names ignore case (Salesforce)
 * @param fields the fields by name
 */
public record RemoteObject(
        String object,
        String vendorObject,
        boolean found,
        String problem,
        boolean creates,
        boolean updates,
        boolean createable,
        boolean updateable,
        boolean fieldsKnown,
        boolean caseInsensitive,
        Map<String, RemoteField> fields) {
    public RemoteObject {
        Map<String, RemoteField> copy = new LinkedHashMap<>();
        if (fields != null) fields.forEach((k, v) -> copy.put(caseInsensitive ? k.toLowerCase(Locale.ROOT) : k, v));
        fields = copy;
    }

    /** An object the connected user cannot see (or the vendor does not have). */
    public static RemoteObject missing(String object, String vendorObject, String problem) {
        return new RemoteObject(object, vendorObject, false, problem, false, false, false, false, false, false, null);
    }

    /** The field, or null when the object has no such field (or does not show it to the connected user). */
    public RemoteField field(String name) {
        return name == null ? null : fields.get(caseInsensitive ? name.toLowerCase(Locale.ROOT) : name);
    }

    /** The hub writes records of this object under the integration's settings. */
    public boolean used() {
        return creates || updates;
    }
}
