-- A batch's rows are found by their claim: loading the claimed rows, renewing their leases, recording
-- each outcome, giving an unsent claim back. Without an index each of these read the whole table, which
-- grows with the backlog.
CREATE INDEX lead_sync_claim ON lead_sync (claim_id);
