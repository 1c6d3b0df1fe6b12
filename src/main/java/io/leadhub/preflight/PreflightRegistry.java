package io.leadhub.preflight;

import io.leadhub.connector.Preflight;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every connector's {@link Preflight}, by vendor. */
@Component
class PreflightRegistry {
    private final Map<Vendor, Preflight> byVendor = new EnumMap<>(Vendor.class);

    PreflightRegistry(List<Preflight> all) {
        all.forEach(p -> byVendor.put(p.vendor(), p));
    }

    Preflight of(Vendor vendor) {
        Preflight p = byVendor.get(vendor);
        if (p == null) throw new IllegalStateException("no preflight for " + vendor.key());
        return p;
    }

    /** The matching strategy a lead captured now is planned with (the planner freezes the same on its row). */
    static String strategy(Integration integration) {
        return integration.setting("strategy", integration.vendor().defaultMatchStrategy());
    }
}
