/** The envelope of every domain event (DESIGN.md section 9). Names are `<plugin>.<entity>.<verb>`. */
export interface EventEnvelope<Payload = unknown> {
  readonly id: string;
  readonly tenantId: string;
  readonly type: string;
  readonly version: number;
  readonly occurredAt: string;
  readonly source: string;
  readonly payload: Payload;
  /**
   * The W3C trace context (`traceparent`) of the work that published the event, when the kernel
   * exports traces: its handlers' spans continue that trace. Absent when it does not, and on events
   * stored before the envelope carried it.
   */
  readonly traceparent?: string;
}

export interface NewEvent<Payload = unknown> {
  readonly type: string;
  readonly payload: Payload;
  /** Schema version of the payload; 1 unless the event's shape changed. */
  readonly version?: number;
}

export type EventHandler<Payload = unknown> = (event: EventEnvelope<Payload>) => Promise<void>;

const EVENT_TYPE = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*$/;
export function isValidEventType(type: string): boolean {
  return EVENT_TYPE.test(type);
}
