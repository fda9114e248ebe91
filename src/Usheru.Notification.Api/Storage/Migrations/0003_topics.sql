-- Topics and their subscribers; the fan-out of a notification to them, resumable batch by batch.
CREATE TABLE topics (
    topic_key  TEXT PRIMARY KEY,
    name       TEXT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE topic_subscribers (
    topic_key    TEXT NOT NULL REFERENCES topics (topic_key) ON DELETE CASCADE,
    recipient_id TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (topic_key, recipient_id)
);

CREATE TABLE fanouts (
    notification_id  TEXT PRIMARY KEY REFERENCES notifications (id),
    topics           TEXT NOT NULL,
    plan             TEXT NOT NULL,
    after_recipient  TEXT NULL,
    recipients_done  BIGINT NOT NULL DEFAULT 0,
    lease_token      TEXT NULL,
    lease_expires_at BIGINT NULL,
    done_at          BIGINT NULL
);
CREATE INDEX ix_fanouts_pending ON fanouts (notification_id) WHERE done_at IS NULL;
