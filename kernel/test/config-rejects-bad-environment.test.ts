import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';

const base = { DATA_DIR: 'memory://', JWT_SECRET: 'x'.repeat(40) };

describe('loadConfig', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ AMQP_URL: 'redis://localhost' }, 'AMQP_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ BODY_LIMIT_BYTES: '-1' }, 'BODY_LIMIT_BYTES'],
    [{ OPERATOR_EMAIL: 'nobody' }, 'OPERATOR_EMAIL'],
    [{ OPERATOR_PASSWORD: 'short' }, 'OPERATOR_PASSWORD'],
    [{ PLUGIN_SETTINGS_KEY: 'short' }, 'PLUGIN_SETTINGS_KEY'],
    [{ EVENT_RETENTION_DAYS: '0' }, 'EVENT_RETENTION_DAYS'],
    [{ DATABASE_POOL_SIZE: '1' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_PREPARED_STATEMENTS: 'no' }, 'DATABASE_PREPARED_STATEMENTS'],
    [{ OPERATOR_OIDC_ISSUER: 'https://id.example.com' }, 'OPERATOR_OIDC_CLIENT_ID'],
    [
      { OPERATOR_OIDC_ISSUER: 'http://id.example.com', OPERATOR_OIDC_CLIENT_ID: 'a', OPERATOR_OIDC_CLIENT_SECRET: 'b' },
      'OPERATOR_OIDC_ISSUER',
    ],
  ])('%j is refused, naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as Error).message).toContain(variable);
  });

  it('production (DATABASE_URL) needs an explicit JWT_SECRET', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/db' })).toThrow(/JWT_SECRET/);
  });

  it('reads a good environment', () => {
    const root = mkdtempSync(join(tmpdir(), 'kits-config-'));
    for (const folder of ['a', 'b']) mkdirSync(join(root, folder));
    const config = loadConfig({ ...base, PORT: '8080', REDIS_URL: 'redis://127.0.0.1:6379', PLUGIN_DIRS: 'a:b' }, root);
    rmSync(root, { recursive: true });
    expect(config.port).toBe(8080);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.pluginDirs).toEqual([join(root, 'a'), join(root, 'b')]);
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
    expect(config.databasePoolSize).toBe(20);
    expect(loadConfig({ ...base, DATABASE_POOL_SIZE: '6' }).databasePoolSize).toBe(6);
    expect(config.databasePreparedStatements).toBe(true);
    expect(loadConfig({ ...base, DATABASE_PREPARED_STATEMENTS: 'off' }).databasePreparedStatements).toBe(false);
    // Secret plugin settings are keyed from the JWT secret unless PLUGIN_SETTINGS_KEY says otherwise.
    expect(config.pluginSettingsKey).toBe(base.JWT_SECRET);
    expect(loadConfig({ ...base, PLUGIN_SETTINGS_KEY: 'k'.repeat(32) }).pluginSettingsKey).toBe('k'.repeat(32));
  });
});

describe('npm start with a wrong environment', () => {
  it('stops with exit code 1 and a message naming the variable', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--conditions=@kits/source', main],
        { env: { ...process.env, PORT: 'eighty', DATA_DIR: 'memory://' } },
        (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KiTS kernel cannot start — PORT: "eighty" is not a whole number');
  });
});
