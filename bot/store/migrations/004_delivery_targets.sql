-- 004: a delivery addresses a channel (platform + channel id), not only a subscription.
-- Why: the admin channel (settings key "admin_channel") receives "source_paused" notices through the
-- same exactly-once machinery without being a subscriber, so `subscription_id` may be NULL and the
-- uniqueness that makes fan-out idempotent becomes one row per (alert, channel).
-- `sending_since` records when a send began, so a restart can tell how old an interrupted send is;
-- `message_ref` is a JSON list with the platform message id of every part already posted.
CREATE TABLE deliveries_v4 (
    id                INTEGER PRIMARY KEY,
    outbox_id         INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    subscription_id   INTEGER REFERENCES subscriptions(id) ON DELETE CASCADE,   -- NULL: the admin channel
    platform          TEXT NOT NULL,                                          -- discord | slack
    channel_id        TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending',                        -- pending | sending | sent | failed
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT NOT NULL,
    sending_since     TEXT,
    last_error        TEXT,
    sent_at           TEXT,
    message_ref       TEXT,
    UNIQUE (outbox_id, platform, channel_id)
);
INSERT INTO deliveries_v4 (id, outbox_id, subscription_id, platform, channel_id, status, attempts,
                           next_attempt_at, last_error, sent_at, message_ref)
    SELECT d.id, d.outbox_id, d.subscription_id, s.platform, s.channel_id, d.status, d.attempts,
           d.next_attempt_at, d.last_error, d.sent_at, d.message_ref
    FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id;
DROP TABLE deliveries;
ALTER TABLE deliveries_v4 RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
CREATE INDEX deliveries_subscription ON deliveries(subscription_id);
CREATE INDEX outbox_pending ON outbox(fanned_out_at) WHERE fanned_out_at IS NULL;
