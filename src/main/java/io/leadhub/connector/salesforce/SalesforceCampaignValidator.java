package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLink;
import io.leadhub.connector.CampaignLinkValidatorSupport;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks an event -> Salesforce Campaign link before it is saved (SPEC §7.3): the id is a Campaign
 * id (prefix 701, 15 or 18 characters), the Campaign exists, and every status the link can set is
 * one of the Campaign's CampaignMemberStatus labels, exactly. Two queries through the
 * integration's camel-salesforce component.
 */
@Component
class SalesforceCampaignValidator extends CampaignLinkValidatorSupport {
    private final SalesforceApi api;
    private final SalesforceMetadata metadata;

    SalesforceCampaignValidator(SalesforceApi api, SalesforceMetadata metadata) {
        super(Vendor.SALESFORCE);
        this.api = api;
        this.metadata = metadata;
    }

    @Override
    public CampaignLink validate(Integration integration, CampaignLink link) {
        String id = campaignId(
                link,
                "701[0-9A-Za-z]{12}([0-9A-Za-z]{3})?",
                "a Salesforce Campaign id (15 or 18 characters starting with 701)");
        Set<String> wanted = statusesToSet(link, "a Salesforce campaign link");
        try {
            List<JsonNode> campaigns =
                    api.query(integration, "SELECT Id, Name FROM Campaign WHERE Id = " + SoqlBuilder.quote(id));
            if (campaigns.isEmpty()) throw refuse("Salesforce has no Campaign " + id);
            String canonical = campaigns.get(0).path("Id").asText(id);
            metadata.invalidate(integration.id()); // statuses may have been edited since they were cached
            Map<String, List<String>> statuses = metadata.campaignStatuses(integration, List.of(canonical));
            List<String> labels = statuses.getOrDefault(canonical, List.of());
            for (String s : wanted) {
                if (!labels.contains(s)) {
                    throw refuse("'" + s + "' is not a member status of Campaign " + canonical + " ('"
                            + campaigns.get(0).path("Name").asText() + "'); use one of " + labels);
                }
            }
            return link.withCampaignId(canonical);
        } catch (VendorCallException e) {
            if (e.category() == ErrorCategory.AUTHENTICATION) {
                throw new ApiException(
                        409, "needs_reauth", "Salesforce refused the integration's login; connect it again");
            }
            throw unreachable("Salesforce", "Campaign " + id, e);
        }
    }
}
