-- Batch isolation (io.leadhub.vendor.BatchIsolation): a lead that failed VENDOR_UNAVAILABLE inside a
-- group of records the vendor did not answer (or alone, once isolated) keeps the size of that group.
-- Its automatic retry treats it as a suspect and sends it in groups no larger than this, so a record
-- that breaks the vendor never fails the same batch-mates again. NULL: not a suspect; a cleared row
-- drops it.
ALTER TABLE lead_sync ADD COLUMN batch_cap INT;
