-- Recipients, their preferences and push subscriptions; stored templates; the in-app inbox;
-- an audit trail without personal data; settings the service generates for itself.
CREATE TABLE recipients (
    id          TEXT PRIMARY KEY,
    email       TEXT NULL,
    phone       TEXT NULL,
    name        TEXT NULL,
    locale      TEXT NULL,
    timezone    TEXT NULL,
    data        TEXT NOT NULL,
    preferences TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE push_subscriptions (
    id           TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    endpoint     TEXT NOT NULL,
    p256dh       TEXT NOT NULL,
    auth         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (recipient_id, endpoint)
);

CREATE TABLE templates (
    template_key TEXT PRIMARY KEY,
    name         TEXT NULL,
    category     TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE inbox_items (
    id              TEXT PRIMARY KEY,
    recipient_id    TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    notification_id TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NULL,
    url             TEXT NULL,
    created_at      BIGINT NOT NULL,
    read_at         BIGINT NULL
);
CREATE INDEX ix_inbox_items_recipient ON inbox_items (recipient_id, id);

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

ALTER TABLE deliveries ADD COLUMN recipient_id TEXT NULL;
CREATE INDEX ix_deliveries_recipient ON deliveries (recipient_id) WHERE recipient_id IS NOT NULL;
