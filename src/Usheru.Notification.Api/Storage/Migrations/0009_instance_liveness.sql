-- Instance liveness, for failover in seconds rather than a lease: every instance on a shared
-- PostgreSQL renews its row every second or so, and each claim records which instance took it.
-- An instance whose row has not been renewed for a few seconds is dead (kill -9, a lost host):
-- another instance puts its in-flight deliveries back in the queue and makes its running workflow
-- runs due at once, without waiting for their leases, which stay long for slow far ends.
-- On SQLite (one process) the column is written and nothing reads it.
CREATE TABLE instances (
    id           TEXT PRIMARY KEY,
    heartbeat_at BIGINT NOT NULL
);
ALTER TABLE deliveries ADD COLUMN leased_by TEXT NULL;
ALTER TABLE workflow_runs ADD COLUMN leased_by TEXT NULL;
