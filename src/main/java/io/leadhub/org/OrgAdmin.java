package io.leadhub.org;

import io.leadhub.platform.ApiException;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating orgs (with their first keys) and events, with their checks: for the API and the console. */
@Service
public class OrgAdmin {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private final OrgRepository orgs;
    private final ApiKeyStore keys;

    OrgAdmin(OrgRepository orgs, ApiKeyStore keys) {
        this.orgs = orgs;
        this.keys = keys;
    }

    /** A new org; answers its id and its first admin and capture keys (the only time they are visible). */
    @Transactional
    public Map<String, Object> createOrg(String id, String name) {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw ApiException.unprocessable("'id' must be a lower-case slug (letters, digits, dashes)");
        }
        if (orgs.exists(id)) throw ApiException.conflict("org '" + id + "' exists already");
        orgs.createOrg(id, name == null || name.isBlank() ? id : name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("adminKey", keys.issue(id, Role.ADMIN, "first admin key"));
        out.put("captureKey", keys.issue(id, Role.CAPTURE, "first capture key"));
        return out;
    }

    /** A new event of the org; answers its id and name. */
    public Map<String, Object> createEvent(
            String org, String id, String name, LocalDate startsOn, LocalDate endsOn, String timeZone) {
        if (id == null || !SLUG.matcher(id).matches()) {
            throw ApiException.unprocessable("'id' must be a lower-case slug (letters, digits, dashes)");
        }
        if (orgs.eventExists(org, id)) throw ApiException.conflict("event '" + id + "' exists already");
        String shown = name == null || name.isBlank() ? id : name;
        orgs.createEvent(org, id, shown, startsOn, endsOn, timeZone);
        return Map.of("id", id, "name", shown);
    }
}
