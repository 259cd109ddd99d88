-- While webhooks keep coming, a till's poll of a pending payment is answered from its row (the
-- webhook brings the tap) instead of asking Stripe: "have webhooks applied anything lately" is
-- read from the newest applied event.
create index webhook_events_by_time on stripe_pay.webhook_events (tenant_id, received_at desc);
