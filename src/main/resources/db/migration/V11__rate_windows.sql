-- Vendor rate windows (io.leadhub.connector.RateLimiter), shared by every instance of the hub that
-- uses this database: one row per integration, written on each vendor call the window lets through.
--   starts        the start times of the calls let through within the last period (at most
--                 hub.vendors.<vendor>.rate-limit.requests of them), oldest first: epoch milliseconds
--                 of the first, then the difference to the one before, comma-separated ('' = none)
--   paused_until  no call to the vendor starts before this (a 429 / Retry-After, or remaining = 0 in
--                 the vendor's rate headers); NULL or past when the integration is not paused
--   revision      raised by every write: a write names the revision it read and fails when another
--                 instance wrote first, so no two instances hand out the same room in the window
-- org_id and vendor are there for people reading the table. The row is created on the integration's
-- first call and goes with the integration.
CREATE TABLE rate_window (
    integration_id  BIGINT       NOT NULL PRIMARY KEY REFERENCES integration(id) ON DELETE CASCADE,
    org_id          VARCHAR(64)  NOT NULL,
    vendor          VARCHAR(16)  NOT NULL,
    revision        BIGINT       NOT NULL,
    paused_until    TIMESTAMP WITH TIME ZONE,
    starts          VARCHAR      NOT NULL
);
