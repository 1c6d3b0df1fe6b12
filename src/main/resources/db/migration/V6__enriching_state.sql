-- A lead counts in reconciliation from the moment it is stored (SPEC §3): while enrichment runs its
-- row per integration is ENRICHING, a pre-sync sub-state beside QUEUED, FROZEN and HELD.
ALTER TABLE lead_sync DROP CONSTRAINT lead_sync_state;
ALTER TABLE lead_sync ADD CONSTRAINT lead_sync_state
    CHECK (state IN ('ENRICHING', 'QUEUED', 'FROZEN', 'HELD', 'SYNCING', 'FAILED', 'CLEARED'));
