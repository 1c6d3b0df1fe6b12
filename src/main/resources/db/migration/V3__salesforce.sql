-- Salesforce connector. Portable between H2 and PostgreSQL.
--
-- The matching strategy in force when a lead was planned is frozen on its lead_sync row
-- (lead_sync.match_strategy, written by the planner from the integration's `strategy` setting).
-- The index lets operators see which leads still sync with an older strategy.
CREATE INDEX lead_sync_integration_strategy ON lead_sync (integration_id, match_strategy);

-- Records the hub created beside a lead's main vendor record (e.g. one Salesforce
-- Trade_Show_Visit__c per synced lead), so a retry updates it instead of creating a second one.
CREATE TABLE sync_child_record (
    integration_id  BIGINT       NOT NULL REFERENCES integration(id) ON DELETE CASCADE,
    lead_id         BIGINT       NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
    vendor_object   VARCHAR(64)  NOT NULL,
    vendor_id       VARCHAR(100) NOT NULL,
    synced_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (integration_id, lead_id, vendor_object)
);
