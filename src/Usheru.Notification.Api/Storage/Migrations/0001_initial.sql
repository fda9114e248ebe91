-- Portable SQL (SQLite and PostgreSQL). Times are unix milliseconds; JSON is stored as text.
CREATE TABLE notifications (
    id           TEXT PRIMARY KEY,
    api_key_id   TEXT NOT NULL,
    status       TEXT NOT NULL,
    category     TEXT NOT NULL,
    template     TEXT NULL,
    data         TEXT NOT NULL,
    metadata     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    send_at      BIGINT NULL
);
CREATE INDEX ix_notifications_status ON notifications (status, id);

CREATE TABLE deliveries (
    id                  TEXT PRIMARY KEY,
    notification_id     TEXT NOT NULL REFERENCES notifications (id),
    channel             TEXT NOT NULL,
    recipient           TEXT NOT NULL,
    content             TEXT NOT NULL,
    status              TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    due_at              BIGINT NOT NULL,
    lease_token         TEXT NULL,
    lease_expires_at    BIGINT NULL,
    last_error          TEXT NULL,
    sent_at             BIGINT NULL,
    provider_message_id TEXT NULL
);
CREATE INDEX ix_deliveries_notification ON deliveries (notification_id);
CREATE INDEX ix_deliveries_due ON deliveries (due_at) WHERE status IN ('queued', 'scheduled', 'retrying');
CREATE INDEX ix_deliveries_lease ON deliveries (lease_expires_at) WHERE status = 'sending';

CREATE TABLE webhook_endpoints (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    description TEXT NULL,
    events      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT NULL,
    deleted_at  BIGINT NULL
);

CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    key_hash   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT NULL
);

CREATE TABLE idempotency_keys (
    api_key_id      TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    locked_at       BIGINT NULL,
    response_status INTEGER NULL,
    response_body   TEXT NULL,
    location        TEXT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
