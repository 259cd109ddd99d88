import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE, DOCKERIGNORE, readDockerfile, REPO_ROOT } from './support/production-manifests.ts';

// Docker cannot run here: the recipe's text is what is checked.
const instructions = readDockerfile();
const finalStage = Math.max(...instructions.map((instruction) => instruction.stage));
const runtime = instructions.filter((instruction) => instruction.stage === finalStage);
const last = (keyword: string) => runtime.filter((instruction) => instruction.keyword === keyword).at(-1);
const NODE_VERSION = (JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { devDependencies: { node: string } }).devDependencies
  .node;

describe(`the container image (${DOCKERFILE})`, () => {
  it('builds in one stage and runs from another, both on the exact Node the repository runs', () => {
    const bases = instructions
      .filter((instruction) => instruction.keyword === 'FROM')
      .map((instruction) => instruction.args.split(/\s+/)[0]);
    expect(bases.length, 'Dockerfile: a build stage and a runtime stage (multi-stage)').toBeGreaterThanOrEqual(2);
    for (const base of bases) {
      expect(base, `Dockerfile: FROM ${base} must be node:${NODE_VERSION}-bookworm-slim, the Node of package.json`).toBe(
        `node:${NODE_VERSION}-bookworm-slim`,
      );
    }
    const build = instructions.filter((instruction) => instruction.stage < finalStage).map((instruction) => instruction.args);
    expect(
      build.some((args) => /\bnpm ci\b/.test(args)),
      'Dockerfile: the build stage installs with npm ci',
    ).toBe(true);
    expect(
      build.some((args) => /\bnpm run build\b/.test(args)),
      'Dockerfile: the build stage runs npm run build',
    ).toBe(true);
    expect(
      build.some((args) => /npm prune --omit=dev/.test(args)),
      'Dockerfile: development dependencies are pruned',
    ).toBe(true);
    const copies = runtime.filter((instruction) => instruction.keyword === 'COPY');
    for (const copy of copies)
      expect(copy.args, 'Dockerfile: the runtime stage copies only from the build stage').toMatch(/^--from=build /);
  });

  it('runs as a numeric non-root user', () => {
    const user = last('USER')?.args;
    expect(user, 'Dockerfile: the runtime stage sets USER').toBeDefined();
    expect(user, 'Dockerfile: USER is numeric (uid:gid), so Kubernetes can check runAsNonRoot').toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(':')[0]), 'Dockerfile: USER is not root (uid 0)').toBeGreaterThan(0);
  });

  it('writes only to declared paths, the plugin cache where unpacked plugins find their dependencies', () => {
    const env = runtime
      .filter((instruction) => instruction.keyword === 'ENV')
      .map((instruction) => instruction.args)
      .join(' ');
    expect(env, 'Dockerfile: PLUGIN_CACHE_DIR points at the cache under /app').toMatch(/PLUGIN_CACHE_DIR=\/app\/\.kits-cache\b/);
    const volumes = last('VOLUME')?.args ?? '';
    expect(volumes, 'Dockerfile: VOLUME declares the plugin cache').toContain('/app/.kits-cache');
    expect(volumes, 'Dockerfile: VOLUME declares the embedded database folder').toContain('/var/lib/kits');
    const run = runtime.filter((instruction) => instruction.keyword === 'RUN').map((instruction) => instruction.args);
    expect(
      run.some((args) => /chown 10001:10001 \/app\/\.kits-cache/.test(args)),
      'Dockerfile: the cache belongs to the runtime user',
    ).toBe(true);
  });

  it('checks /readyz, exposes the kernel port and stops on SIGTERM', () => {
    expect(last('HEALTHCHECK')?.args, 'Dockerfile: HEALTHCHECK asks /readyz').toMatch(/CMD .*\/readyz/);
    expect(last('EXPOSE')?.args, 'Dockerfile: EXPOSE 3000 (the kernel PORT)').toBe('3000');
    expect(last('STOPSIGNAL')?.args, 'Dockerfile: STOPSIGNAL SIGTERM, which the kernel drains on').toBe('SIGTERM');
    expect(last('ENTRYPOINT')?.args).toBe('["node", "--conditions=@kits/source"]');
    const command = JSON.parse(last('CMD')!.args) as string[];
    expect(command, 'Dockerfile: CMD starts the kernel').toEqual(['kernel/src/main.ts']);
    expect(existsSync(`${REPO_ROOT}${command[0]}`), `Dockerfile: CMD ${command[0]} exists`).toBe(true);
  });

  it('bakes no secret in: no secret set by ENV or ARG, and local secrets kept out of the build context', () => {
    const assignments = instructions
      .filter((instruction) => instruction.keyword === 'ENV' || instruction.keyword === 'ARG')
      .flatMap((instruction) => instruction.args.split(/\s+/))
      .map((assignment) => assignment.split('=')[0]!);
    for (const name of assignments) {
      expect(name, `Dockerfile: ${name} looks like a secret; secrets come from the environment at run time`).not.toMatch(
        /SECRET|PASSWORD|TOKEN|_KEY$|DATABASE_URL|REDIS_URL|AMQP_URL/,
      );
    }
    const ignored = readFileSync(DOCKERIGNORE, 'utf8').split('\n');
    for (const pattern of ['.git', '**/node_modules', 'deploy/compose/.env', '**/*.pem', '**/*.key', 'data']) {
      expect(ignored, `.dockerignore: ${pattern} stays out of the build context`).toContain(pattern);
    }
  });
});
