-- The operator console and what people see: finding deliveries across notifications, replaying
-- failed ones, and the keys that keep console sessions valid across restarts and instances.

-- "Why did Ann not get her email?": deliveries by address, newest first.
CREATE INDEX ix_deliveries_recipient_address ON deliveries (recipient, id);
-- Failed deliveries are what an operator replays; a partial index holds only them, so the hot
-- path (queued -> sending -> sent) never writes to it.
CREATE INDEX ix_deliveries_failed ON deliveries (channel, id) WHERE status = 'failed';

-- Every replay of failed deliveries (one, or all matching a filter), and which deliveries it
-- queued again, so its progress can be followed.
CREATE TABLE delivery_retries (
    id         TEXT PRIMARY KEY,
    filter     TEXT NOT NULL,
    retried    BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
ALTER TABLE deliveries ADD COLUMN retry_id TEXT NULL;
CREATE INDEX ix_deliveries_retry ON deliveries (retry_id) WHERE retry_id IS NOT NULL;

-- ASP.NET Core Data Protection keys (console session cookies, antiforgery tokens), shared by
-- every instance and kept across restarts.
CREATE TABLE data_protection_keys (
    name       TEXT PRIMARY KEY,
    xml        TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
