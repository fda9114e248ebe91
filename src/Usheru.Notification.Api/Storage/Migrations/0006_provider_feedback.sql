-- Provider feedback (SES bounces and complaints, Twilio status callbacks) and the suppression
-- list it feeds. Addresses are stored lower-cased; reason is 'bounce' or 'complaint'.
CREATE TABLE suppressions (
    address     TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    detail      TEXT NULL,
    delivery_id TEXT NULL,
    created_at  BIGINT NOT NULL
);

-- Twilio names a message by its sid, which the delivery keeps as its provider message id.
CREATE INDEX ix_deliveries_provider_message ON deliveries (provider_message_id) WHERE provider_message_id IS NOT NULL;
