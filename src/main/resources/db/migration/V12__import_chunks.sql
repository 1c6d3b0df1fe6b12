-- Background CSV imports live in the database, so whichever hub instance is alive runs or resumes them.
--
-- The upload of a background import, in chunks of about 1 MB (any node reads it; never held whole in
-- memory); deleted when the import ends. The binary column type is a Flyway placeholder (BLOB on H2,
-- BYTEA on PostgreSQL: spring.flyway.placeholders.binaryType).
CREATE TABLE import_upload_chunk (
    import_id  VARCHAR(40)    NOT NULL REFERENCES import_job(id) ON DELETE CASCADE,
    seq        INT            NOT NULL,
    data       ${binaryType}  NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- The rows an import rejected (the first 1,000 of them), committed with the rows around them.
CREATE TABLE import_rejection (
    import_id  VARCHAR(40)    NOT NULL REFERENCES import_job(id) ON DELETE CASCADE,
    line       INT            NOT NULL,
    reason     VARCHAR(2000)  NOT NULL,
    PRIMARY KEY (import_id, line)
);

-- upload_bytes: the size of the stored upload; NULL for an import that runs inside its HTTP request
--   (small files, one transaction), which cannot be resumed.
-- rows_read (existing) is the committed position: the CSV records handled so far, in the same
--   transactions as their leads; last_line is the line where the last of them starts.
-- lease_owner / lease_until: the node running the import and until when; renewed with every committed
--   step. A RUNNING import whose lease has expired (or was released at shutdown) is claimed by any node.
-- attempts: how many times a node has taken the import (a handover at shutdown gives its attempt back).
ALTER TABLE import_job ADD COLUMN upload_bytes BIGINT;
ALTER TABLE import_job ADD COLUMN last_line INT NOT NULL DEFAULT 0;
ALTER TABLE import_job ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE import_job ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE import_job ADD COLUMN attempts INT NOT NULL DEFAULT 0;
CREATE INDEX import_job_claimable ON import_job (state, lease_until);
