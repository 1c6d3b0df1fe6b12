-- A vendor's daily API quota is used up: no call goes to that integration until the vendor's
-- reset. The pause lives on the integration row (not in a node's memory) so every instance of the
-- hub honours it and a restart does not forget it. quota_reset_at is when calls may start again;
-- quota_reason is the vendor's code and message that started the pause. Both are NULL when the
-- integration is not paused; the periodic sweep clears them once the reset has passed.
ALTER TABLE integration ADD COLUMN quota_reset_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE integration ADD COLUMN quota_reason VARCHAR(500);
