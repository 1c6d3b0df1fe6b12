package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The campaign-link checks every vendor's validator shares: id format, the statuses a link sets, the answers it gets. */
class CampaignLinkValidatorSupportTest {

    @Test
    void theIdIsTrimmedAndMustHaveTheVendorsFormat() {
        assertThat(CampaignLinkValidatorSupport.campaignId(link(" 12345 ", null, null, Map.of()), "\\d+", "a number"))
                .isEqualTo("12345");
        assertThatThrownBy(() ->
                        CampaignLinkValidatorSupport.campaignId(link("abc", null, null, Map.of()), "\\d+", "a number"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("invalid_campaign_link");
                    assertThat(e.getMessage()).isEqualTo("'abc' is not a number");
                });
        assertThatThrownBy(() ->
                        CampaignLinkValidatorSupport.campaignId(link(null, null, null, Map.of()), "\\d+", "a number"))
                .hasMessage("'null' is not a number");
    }

    @Test
    void theStatusesToSetAreTheFixedOneThenTheMappedOnes() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("hot", "Responded");
        map.put("warm", "Sent");
        map.put("cold", "Sent");
        assertThat(CampaignLinkValidatorSupport.statusesToSet(link("1", "Sent", "temperature", map), "a link"))
                .containsExactly("Sent", "Responded");
        assertThat(CampaignLinkValidatorSupport.statusesToSet(link("1", "Planned", null, Map.of()), "a link"))
                .containsExactly("Planned");
    }

    @Test
    void aLinkThatSetsNoStatusOrMapsWithoutAQualifierIsRefused() {
        assertThatThrownBy(() -> CampaignLinkValidatorSupport.statusesToSet(
                        link("1", null, null, Map.of()), "a Zoho campaign link"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessage("a Zoho campaign link needs a 'memberStatus', or a 'statusQualifier' with a 'statusMap'");
        assertThatThrownBy(() -> CampaignLinkValidatorSupport.statusesToSet(
                        link("1", null, null, Map.of("a", "Sent")), "a link"))
                .hasMessage("'statusMap' needs the 'statusQualifier' whose options it maps");
    }

    @Test
    void anUnreachableVendorIsABadGateway() {
        ApiException e = CampaignLinkValidatorSupport.unreachable(
                "Zoho", "campaign 42", new VendorCallException(ErrorCategory.VENDOR_UNAVAILABLE, null, "HTTP 503"));
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("vendor_error");
        assertThat(e.getMessage()).isEqualTo("Zoho could not be asked about campaign 42: HTTP 503");
    }

    @Test
    void theValidatorNamesItsVendor() {
        CampaignLinkValidatorSupport rules = new CampaignLinkValidatorSupport(Vendor.ZOHO) {
            @Override
            public CampaignLink validate(Integration integration, CampaignLink link) {
                return link;
            }
        };
        assertThat(rules.vendor()).isEqualTo(Vendor.ZOHO);
    }

    private static CampaignLink link(String id, String status, String qualifier, Map<String, String> map) {
        return new CampaignLink(id, status, qualifier, map, 0);
    }
}
