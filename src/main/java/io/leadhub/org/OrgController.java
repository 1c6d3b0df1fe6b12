package io.leadhub.org;

import io.leadhub.lead.LeadRepository;
import io.leadhub.lead.LeadView;
import io.leadhub.platform.ApiException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Orgs, events, qualifiers and the lead view. Org scoping is enforced by the API key filter. */
@RestController
class OrgController {
    private final OrgRepository orgs;
    private final OrgAdmin admin;
    private final LeadRepository leads;
    private final LeadView views;

    OrgController(OrgRepository orgs, OrgAdmin admin, LeadRepository leads, LeadView views) {
        this.orgs = orgs;
        this.admin = admin;
        this.leads = leads;
        this.views = views;
    }

    record NewOrg(String id, String name) {}

    record QualifierBody(
            String name,
            List<String> values,
            Boolean multiSelect,
            Boolean required,
            List<String> eventScope,
            Boolean active) {
        Qualifier toQualifier() {
            return new Qualifier(
                    name,
                    values,
                    Boolean.TRUE.equals(multiSelect),
                    Boolean.TRUE.equals(required),
                    eventScope,
                    active == null || active);
        }
    }

    record NewEvent(String id, String name, LocalDate startsOn, LocalDate endsOn, String timeZone) {}

    @PostMapping("/api/v1/orgs")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createOrg(@RequestBody NewOrg body) {
        return admin.createOrg(body.id(), body.name());
    }

    @PostMapping("/api/v1/orgs/{org}/events")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createEvent(@PathVariable String org, @RequestBody NewEvent body) {
        return admin.createEvent(org, body.id(), body.name(), body.startsOn(), body.endsOn(), body.timeZone());
    }

    @GetMapping("/api/v1/orgs/{org}/events")
    List<Map<String, Object>> events(@PathVariable String org) {
        return orgs.events(org);
    }

    @GetMapping("/api/v1/orgs/{org}/qualifiers")
    List<Qualifier> qualifiers(@PathVariable String org) {
        return orgs.qualifiers(org);
    }

    @PutMapping("/api/v1/orgs/{org}/qualifiers")
    List<Qualifier> replaceQualifiers(@PathVariable String org, @RequestBody List<QualifierBody> request) {
        var names = new HashSet<String>();
        List<Qualifier> body = request.stream().map(QualifierBody::toQualifier).toList();
        for (Qualifier q : body) {
            if (q.name() == null || q.name().isBlank())
                throw ApiException.unprocessable("every qualifier needs a name");
            if (!names.add(q.name())) throw ApiException.unprocessable("qualifier '" + q.name() + "' is defined twice");
            if (q.values() == null || q.values().isEmpty())
                throw ApiException.unprocessable("qualifier '" + q.name() + "' needs values");
        }
        orgs.replaceQualifiers(org, body);
        return orgs.qualifiers(org);
    }

    @GetMapping("/api/v1/orgs/{org}/leads/{lead}")
    Map<String, Object> lead(@PathVariable String org, @PathVariable long lead) {
        leads.findIdInOrg(org, lead).orElseThrow(() -> ApiException.notFound("lead " + lead));
        return views.view(org, lead);
    }
}
