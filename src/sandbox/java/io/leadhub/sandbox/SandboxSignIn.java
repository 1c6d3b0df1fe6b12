package io.leadhub.sandbox;

import io.leadhub.sandbox.pardot.PardotSimulator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Account Engagement (Pardot) has no login of its own: its users sign in through Salesforce. In the
 * sandbox the Pardot simulator therefore trusts the access tokens of the Salesforce simulator, so
 * connecting Pardot through the Salesforce consent page yields a token the Pardot API accepts.
 */
@Component
@Profile("sandbox")
class SandboxSignIn {
    SandboxSignIn(SimulatorRegistry registry, PardotSimulator pardot) {
        registry.find("salesforce").ifPresent(pardot::trustTokensOf);
    }
}
