-- The W3C trace context (traceparent) of the work that wrote each event, so the spans of relaying
-- and handling it continue that trace, in this process or another through RabbitMQ
-- (docs/observability.md). Null when the kernel exports no traces, and on events written before.
-- A nullable column without a default: PostgreSQL adds it without rewriting the table.
alter table kernel.outbox add column traceparent text;
