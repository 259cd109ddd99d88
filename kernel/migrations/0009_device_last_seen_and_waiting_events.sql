-- What the back office shows of each till: when the kernel last heard from it (pairing, any
-- request signed in on it: sync push, pull, sign-in) and how many events it said it still waits to
-- send (the `Kits-Pending-Events` header its push agent sends), with when it said so.
alter table kernel.devices add column last_seen_at timestamptz;
alter table kernel.devices add column pending_events integer check (pending_events >= 0);
alter table kernel.devices add column pending_reported_at timestamptz;
