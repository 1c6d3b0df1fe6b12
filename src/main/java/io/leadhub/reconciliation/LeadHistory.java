package io.leadhub.reconciliation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A lead's sync history (SPEC §15): per integration, its reconciliation row as it is now and every
 * attempt kept (time, batch, the batch's vendor calls, the vendor's answer code, the outcome and the
 * match trace). The caller checks that the lead is in its org.
 */
@Service
public class LeadHistory {
    private final AttemptLog attempts;

    LeadHistory(AttemptLog attempts) {
        this.attempts = attempts;
    }

    public Map<String, Object> of(long lead) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leadId", lead);
        out.put("integrations", attempts.history(lead));
        out.put("kept", "the latest " + AttemptLog.KEEP + " attempts per integration");
        return out;
    }
}
