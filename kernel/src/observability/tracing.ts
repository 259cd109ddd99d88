import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';

/**
 * One kernel's OpenTelemetry traces (docs/observability.md). Nothing is registered globally: each
 * kernel has its own provider and its own context manager, so test kernels in one process never
 * export each other's spans, and the kernel hands `tracer` and the active context down to the few
 * places that make spans (HTTP hooks, database transactions, the event relay and handlers).
 */
export interface Tracing {
  /** False when no OTLP endpoint is configured: callers branch on it and do nothing else. */
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** The context of the work running now (ROOT_CONTEXT outside any traced work). */
  active(): Context;
  /** Runs `fn` with `context` active, for it and every asynchronous continuation it starts. */
  with<T>(context: Context, fn: () => T): T;
  /**
   * Runs `fn` outside any trace: background work a request merely wakes (the event relay) must
   * not run, with all it does from then on, as part of that request.
   */
  outside<T>(fn: () => T): T;
  /** The W3C `traceparent` of the active span, to carry in an event's envelope; undefined when there is none. */
  traceparent(): string | undefined;
  /** The context a `traceparent` names (ROOT_CONTEXT when absent or malformed): the parent of work that continues its trace. */
  contextOf(traceparent: string | undefined): Context;
  /** The context an incoming request's headers carry (`traceparent`, `tracestate`), or ROOT_CONTEXT. */
  extract(headers: Readonly<Record<string, string | string[] | undefined>>): Context;
  /** Starts a span whose parent is `parent` and runs `work` with it active; the span ends with the work, marked failed if it throws. */
  inSpan<T>(name: string, options: SpanOptions, parent: Context, work: (span: Span) => Promise<T>): Promise<T>;
  /** Exports every finished span now. */
  flush(): Promise<void>;
  /** Exports what is left and stops; spans started after do nothing. */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
const noopTracer = trace.getTracer('kits-kernel-off');

/** Tracing off: every method answers at once, without allocating. */
export const TRACING_OFF: Tracing = {
  enabled: false,
  tracer: noopTracer,
  active: () => ROOT_CONTEXT,
  with: (_context, fn) => fn(),
  outside: (fn) => fn(),
  traceparent: () => undefined,
  contextOf: () => ROOT_CONTEXT,
  extract: () => ROOT_CONTEXT,
  inSpan: (_name, _options, _parent, work) => work(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)),
  flush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Logs the collector refusing or being away, once per run of failures (a collector that is down
 * would otherwise be silent, or log every five seconds), and again once it takes spans.
 */
function reportingExporter(exporter: SpanExporter, endpoint: string, log: Logger): SpanExporter {
  let failing = false;
  return {
    export(spans: ReadableSpan[], done) {
      exporter.export(spans, (result) => {
        if (result.code !== ExportResultCode.SUCCESS && !failing) {
          failing = true;
          log.warn(
            { err: result.error, endpoint, spans: spans.length },
            'the OTLP collector did not take the traces; check OTEL_EXPORTER_OTLP_ENDPOINT (spans are dropped meanwhile)',
          );
        } else if (result.code === ExportResultCode.SUCCESS && failing) {
          failing = false;
          log.info({ endpoint }, 'the OTLP collector takes the traces again');
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/**
 * Tracing for one kernel: exported over OTLP/HTTP (JSON) in batches when `config.tracing.endpoint`
 * is set, TRACING_OFF otherwise. The batch processor also reads the standard OTEL_BSP_* variables,
 * the provider OTEL_TRACES_SAMPLER(_ARG), the exporter OTEL_EXPORTER_OTLP_(TRACES_)HEADERS.
 */
export function createTracing(config: Pick<KernelConfig, 'tracing'>, log: Logger, version: string): Tracing {
  const { endpoint, serviceName } = config.tracing;
  if (!endpoint) return TRACING_OFF;
  const exporter = reportingExporter(new OTLPTraceExporter({ url: endpoint }), endpoint, log);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: version }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@kits/kernel', version);
  // This kernel's own manager, not the global one: `with` and `active` are all the kernel needs.
  const contexts = new AsyncLocalStorageContextManager().enable();
  const active = () => contexts.active();
  log.info({ endpoint, serviceName }, 'tracing: spans are exported over OTLP');
  return {
    enabled: true,
    tracer,
    active,
    with: (context, fn) => contexts.with(context, fn),
    outside: (fn) => contexts.with(ROOT_CONTEXT, fn),
    traceparent() {
      const carrier: { traceparent?: string } = {};
      propagator.inject(active(), carrier, defaultTextMapSetter);
      return carrier.traceparent;
    },
    contextOf: (traceparent) => (traceparent ? propagator.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter) : ROOT_CONTEXT),
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    async inSpan(name, options, parent, work) {
      const span = tracer.startSpan(name, options, parent);
      try {
        return await contexts.with(trace.setSpan(parent, span), () => work(span));
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    flush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      contexts.disable();
    },
  };
}

/** Marks a span failed with what was thrown. */
export function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
