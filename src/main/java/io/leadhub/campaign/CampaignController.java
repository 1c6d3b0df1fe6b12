package io.leadhub.campaign;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An event's campaign / program link per vendor (SPEC §7.3, §13) over {@link CampaignLinkService}. */
@RestController
class CampaignController {
    private final CampaignLinkService links;

    CampaignController(CampaignLinkService links) {
        this.links = links;
    }

    @GetMapping("/api/v1/orgs/{org}/events/{event}/campaigns/{vendor}")
    CampaignLink get(@PathVariable String org, @PathVariable String event, @PathVariable String vendor) {
        return links.get(org, event, vendor);
    }

    @PutMapping("/api/v1/orgs/{org}/events/{event}/campaigns/{vendor}")
    CampaignLink put(
            @PathVariable String org,
            @PathVariable String event,
            @PathVariable String vendor,
            @RequestBody CampaignLink body) {
        return links.save(org, event, vendor, body);
    }

    @DeleteMapping("/api/v1/orgs/{org}/events/{event}/campaigns/{vendor}")
    ResponseEntity<Void> delete(@PathVariable String org, @PathVariable String event, @PathVariable String vendor) {
        links.delete(org, event, vendor);
        return ResponseEntity.noContent().build();
    }
}
