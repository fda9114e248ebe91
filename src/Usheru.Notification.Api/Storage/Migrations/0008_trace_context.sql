-- The W3C trace context a notification was accepted in: its traceparent, then a space and the
-- tracestate when there is one. Every delivery of the notification (the fan-out's and the
-- workflow's too) and every event about it is attempted and sent in that trace; a claim reads it
-- with the notification row it reads already. NULL: the caller sent none and tracing was off.
ALTER TABLE notifications ADD COLUMN trace_context TEXT NULL;
