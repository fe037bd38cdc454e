"""Alert delivery: outbox rows -> per-channel deliveries -> platform messages, exactly once."""
