package io.leadhub.console;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import org.springframework.ui.Model;

/** What every tab of an integration shows in its heading. */
final class TabModel {
    private TabModel() {}

    static void integration(Model model, Vendor v, Integration i) {
        model.addAttribute("vendor", v);
        model.addAttribute("vendorName", VendorDisplay.name(v));
        model.addAttribute("integration", i);
    }
}
