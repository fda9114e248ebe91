-- Lanes and channel capacity. A delivery's lane (0 transactional, 1 marketing, from its
-- notification's category; outgoing events are transactional) orders the claim: every due
-- transactional delivery of a channel before any marketing one. The claim reads each channel and
-- lane along its own index range, so a capped channel's backlog is never scanned past.
ALTER TABLE deliveries ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
UPDATE deliveries SET lane = 1
 WHERE channel <> 'event' AND notification_id IN (SELECT id FROM notifications WHERE category = 'marketing');
DROP INDEX ix_deliveries_due;
CREATE INDEX ix_deliveries_claim ON deliveries (channel, lane, due_at) WHERE status IN ('queued', 'scheduled', 'retrying');

-- One token bucket per capped channel, shared by every instance: the instant (unix microseconds)
-- at which the bucket is, or was, empty. A claim locks the row, takes what it holds, moves it on.
CREATE TABLE channel_buckets (
    channel  TEXT PRIMARY KEY,
    empty_at BIGINT NOT NULL
);
