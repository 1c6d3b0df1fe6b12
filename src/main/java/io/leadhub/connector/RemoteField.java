package io.leadhub.connector;

import java.util.List;

/**
 * One field of a vendor object as the connected user sees it, read from the vendor's metadata
 * (Salesforce describe, HubSpot properties, Marketo lead describe, Zoho field settings).
 *
 * @param name the field's API name, as the vendor spells it
 * @param type the vendor's type name (string, picklist, enumeration…)
 * @param maxLength the longest text the vendor accepts; null when the vendor does not say
 * @param createable the connected user may set it when a record is created
 * @param updateable the connected user may change it on an existing record
 * @param requiredOnCreate a create without it is refused (and the hub does not fill it itself)
 * @param restricted a value outside {@code options} is refused
 * @param options the picklist's values (empty when the field is not a picklist)
 */
public record RemoteField(
        String name,
        String type,
        Integer maxLength,
        boolean createable,
        boolean updateable,
        boolean requiredOnCreate,
        boolean restricted,
        List<String> options) {
    public RemoteField {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A field anyone may write, without length, picklist or requirement. */
    public static RemoteField plain(String name, String type) {
        return new RemoteField(name, type, null, true, true, false, false, List.of());
    }
}
