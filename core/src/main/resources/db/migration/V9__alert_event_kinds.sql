-- Alert events also say when an episode ended, and when late readings merged two alerts into one
-- (docs/alerting.md, "How alerts are raised").
ALTER TABLE alert_outbox DROP CONSTRAINT alert_outbox_event_check;
ALTER TABLE alert_outbox ADD CONSTRAINT alert_outbox_event_check
    CHECK (event IN ('opened', 'updated', 'ended', 'merged', 'retracted', 'escalated', 'acknowledged', 'resolved'));
