import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';

const base = { DATA_DIR: 'memory://', JWT_SECRET: 'x'.repeat(40) };

describe('the OpenTelemetry variables', () => {
  it('leave tracing off when no endpoint is set, as the kits-kernel service', () => {
    expect(loadConfig(base).tracing).toEqual({ endpoint: undefined, serviceName: 'kits-kernel' });
  });

  it('OTEL_EXPORTER_OTLP_ENDPOINT is a base: traces go to its /v1/traces', () => {
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.endpoint).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/otlp' }).tracing.endpoint).toBe(
      'https://otel.example.com/otlp/v1/traces',
    );
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is taken as it is, before the base', () => {
    const config = loadConfig({
      ...base,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/ingest',
      OTEL_SERVICE_NAME: 'kits-kernel-eu-1',
    });
    expect(config.tracing).toEqual({ endpoint: 'http://traces:9999/ingest', serviceName: 'kits-kernel-eu-1' });
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ OTEL_SERVICE_NAME: 'k'.repeat(256) }, 'OTEL_SERVICE_NAME'],
  ])('%j is refused, naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
  });
});
