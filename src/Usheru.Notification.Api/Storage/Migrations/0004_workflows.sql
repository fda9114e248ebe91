-- Workflows: stored definitions (every version kept, so a run finishes the steps it started with),
-- runs (one per recipient of a trigger, claimed under a lease like deliveries), digests and
-- throttles (their correctness under concurrency comes from the unique keys and row locks here).
CREATE TABLE workflows (
    workflow_key TEXT PRIMARY KEY,
    version      INTEGER NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE workflow_versions (
    workflow_key TEXT NOT NULL,
    version      INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workflow_key, version)
);

ALTER TABLE notifications ADD COLUMN workflow TEXT NULL;

-- due_at: when the run is next to be advanced. A claim sets it to the lease's expiry, so a run
-- whose instance died is simply due again; NULL while the run waits for a delivery to end.
CREATE TABLE workflow_runs (
    id               TEXT PRIMARY KEY,
    notification_id  TEXT NOT NULL REFERENCES notifications (id),
    workflow_key     TEXT NOT NULL,
    workflow_version INTEGER NOT NULL,
    recipient_key    TEXT NOT NULL,
    recipient_id     TEXT NULL,
    address          TEXT NOT NULL,
    cancellation_key TEXT NULL,
    status           TEXT NOT NULL,
    step_index       INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL,
    due_at           BIGINT NULL,
    lease_token      TEXT NULL,
    waiting_for      TEXT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX ix_workflow_runs_due ON workflow_runs (due_at) WHERE status IN ('running', 'waiting');
CREATE INDEX ix_workflow_runs_notification ON workflow_runs (notification_id, id);
CREATE INDEX ix_workflow_runs_active ON workflow_runs (notification_id) WHERE status IN ('running', 'waiting');
CREATE INDEX ix_workflow_runs_cancellation ON workflow_runs (workflow_key, cancellation_key, recipient_key)
    WHERE cancellation_key IS NOT NULL AND status IN ('running', 'waiting');
CREATE INDEX ix_workflow_runs_waiting_for ON workflow_runs (waiting_for) WHERE waiting_for IS NOT NULL;
CREATE INDEX ix_workflow_runs_recipient ON workflow_runs (recipient_id) WHERE recipient_id IS NOT NULL;

-- One row per (workflow, recipient, cancellationKey): triggers sharing it take this row's lock in
-- turn, so each replaces the run of the one before, however many arrive at once.
CREATE TABLE workflow_replacements (
    workflow_key     TEXT NOT NULL,
    recipient_key    TEXT NOT NULL,
    cancellation_key TEXT NOT NULL,
    run_id           TEXT NOT NULL,
    PRIMARY KEY (workflow_key, recipient_key, cancellation_key)
);

-- At most one open digest per (workflow, step, recipient, key): the unique index decides which
-- run opens it, whichever instance the runs are on.
CREATE TABLE workflow_digests (
    id            TEXT PRIMARY KEY,
    workflow_key  TEXT NOT NULL,
    step_id       TEXT NOT NULL,
    recipient_key TEXT NOT NULL,
    digest_key    TEXT NOT NULL,
    run_id        TEXT NOT NULL,
    item_count    BIGINT NOT NULL,
    opened_at     BIGINT NOT NULL,
    closes_at     BIGINT NOT NULL,
    closed_at     BIGINT NULL
);
CREATE UNIQUE INDEX ux_workflow_digests_open ON workflow_digests (workflow_key, step_id, recipient_key, digest_key) WHERE closed_at IS NULL;

CREATE TABLE workflow_digest_items (
    digest_id TEXT NOT NULL REFERENCES workflow_digests (id) ON DELETE CASCADE,
    seq       BIGINT NOT NULL,
    run_id    TEXT NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (digest_id, seq)
);

-- A throttle key's row is locked while its recent passes are counted and one is added.
CREATE TABLE workflow_throttles (
    workflow_key TEXT NOT NULL,
    step_id      TEXT NOT NULL,
    throttle_key TEXT NOT NULL,
    PRIMARY KEY (workflow_key, step_id, throttle_key)
);

CREATE TABLE workflow_throttle_passes (
    workflow_key TEXT NOT NULL,
    step_id      TEXT NOT NULL,
    throttle_key TEXT NOT NULL,
    passed_at    BIGINT NOT NULL,
    run_id       TEXT NOT NULL
);
CREATE INDEX ix_workflow_throttle_passes ON workflow_throttle_passes (workflow_key, step_id, throttle_key, passed_at);
