-- The sync engine coordinates through the database, so that any number of hub instances can share it.
--
-- Enrichment: a node claims PENDING leads for a while (enrich_lease_until); a lead whose node died is
-- claimed again by any node once the lease has passed.
ALTER TABLE lead ADD COLUMN enrich_lease_until TIMESTAMP WITH TIME ZONE;
DROP INDEX lead_enrichment_pending;
CREATE INDEX lead_enrichment_pending ON lead (enrichment, id);

-- One batch in flight per integration: the node that sends a batch holds the integration's batch lease
-- (renewed while the batch runs) and gives it back when the batch's outcomes are recorded.
ALTER TABLE integration ADD COLUMN batch_claim VARCHAR(64);
ALTER TABLE integration ADD COLUMN batch_lease_until TIMESTAMP WITH TIME ZONE;

-- Batches are claimed in capture order (lead id) from an integration's QUEUED rows.
CREATE INDEX lead_sync_claim_order ON lead_sync (integration_id, state, lead_id, id);
