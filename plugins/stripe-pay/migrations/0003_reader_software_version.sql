-- The software version each reader last reported to Stripe (its Reader's `device_sw_version`), kept
-- whenever stripe-pay sees the reader: the office lists it, and a pending payment's action names it so
-- the till reports the reader to the devices service with its version (issue 25). Null until seen.
alter table stripe_pay.readers add column software_version text;
