package io.leadhub.connector.marketo;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.connector.CampaignLinkValidatorSupport;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks an event -> Marketo program link before it is saved (SPEC §7.3): the program id is
 * normalized to its digits, the program must exist and not be archived, and every status the link
 * can set (the fixed {@code memberStatus} and the values of {@code statusMap}) must be exactly,
 * case included, one of the program channel's progression statuses.
 */
@Component
class MarketoLinkValidator extends CampaignLinkValidatorSupport {
    private final MarketoProgramCache programs;

    MarketoLinkValidator(MarketoProgramCache programs) {
        super(Vendor.MARKETO);
        this.programs = programs;
    }

    @Override
    public CampaignLink validate(Integration integration, CampaignLink link) {
        String id = ProgramIdParser.parse(link.campaignId())
                .orElseThrow(() -> refuse("'" + link.campaignId()
                        + "' is not a Marketo program id: give its digits (1234), its asset id (PG1234A1) "
                        + "or the program's URL (https://app-ab12.marketo.com/#PG1234A1)"));
        Set<String> wanted = statusesToSet(link, "a Marketo program link");
        programs.forget(integration, id);
        MarketoProgramCache.Program program;
        try {
            program = programs.program(integration, id)
                    .orElseThrow(() -> refuse("Marketo has no program " + id + " (from '" + link.campaignId() + "')"));
        } catch (VendorCallException e) {
            throw unreachable("Marketo", "program " + id, e);
        }
        if (program.archived()) {
            throw refuse("Marketo program " + id + " '" + program.name()
                    + "' is archived; archived programs reject members");
        }
        for (String status : wanted) {
            if (program.status(status).isEmpty()) {
                throw refuse("'" + status + "' is not a status of Marketo program " + id + " '" + program.name()
                        + "' (channel '" + program.channel() + "'); statuses must match exactly, case included: "
                        + String.join(", ", program.statusNames()));
            }
        }
        return link.withCampaignId(id);
    }
}
