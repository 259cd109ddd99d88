import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHART_DIR,
  KERNEL_VERSION,
  renderedChartObjects,
  REPO_ROOT,
  unpinnedImageReason,
  type RenderedObject,
} from './support/production-manifests.ts';

interface Container {
  readonly name: string;
  readonly image: string;
  readonly args?: string[];
  readonly resources?: { readonly requests?: Record<string, string>; readonly limits?: Record<string, string> };
  readonly securityContext?: { readonly readOnlyRootFilesystem?: boolean; readonly allowPrivilegeEscalation?: boolean };
  readonly readinessProbe?: { readonly httpGet?: { readonly path: string } };
  readonly livenessProbe?: { readonly httpGet?: { readonly path: string } };
  readonly lifecycle?: { readonly preStop?: { readonly exec?: { readonly command: string[] } } };
  readonly volumeMounts?: Array<{ readonly name: string; readonly mountPath: string }>;
  readonly envFrom?: Array<{ readonly secretRef?: { readonly name: string } }>;
}
interface PodTemplate {
  readonly metadata: { readonly labels: Record<string, string> };
  readonly spec: {
    readonly securityContext?: { readonly runAsNonRoot?: boolean; readonly runAsUser?: number };
    readonly terminationGracePeriodSeconds?: number;
    readonly containers: Container[];
    readonly volumes?: Array<{ readonly name: string; readonly emptyDir?: object }>;
  };
}

const objects = renderedChartObjects();
const chart = parse(readFileSync(`${CHART_DIR}Chart.yaml`, 'utf8')) as { version: string; appVersion: string };
const values = parse(readFileSync(`${CHART_DIR}values.yaml`, 'utf8')) as { secrets: { name: string } };
const named = (kind: string, name: string): RenderedObject => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found)
    throw new Error(`the rendered chart has no ${kind} ${name} (it has ${objects.map((o) => `${o.kind} ${o.metadata.name}`).join(', ')})`);
  return found;
};
const podTemplate = (object: RenderedObject) => (object.spec as { template: PodTemplate }).template;
const workloads = objects.filter((object) => object.kind === 'Deployment' || object.kind === 'Job');
const kernel = named('Deployment', 'kits-kernel');
const kernelPods = podTemplate(kernel);
const kernelContainer = kernelPods.spec.containers[0]!;
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('the Helm chart (deploy/helm/kits), rendered', () => {
  it('renders every template to Kubernetes objects: kernel, registry, autoscaler, budget, migrations', () => {
    const kinds = objects.map((object) => `${object.kind} ${object.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Deployment kits-kernel',
        'Service kits-kernel',
        'HorizontalPodAutoscaler kits-kernel',
        'PodDisruptionBudget kits-kernel',
        'Job kits-migrations',
        'Deployment kits-registry',
        'Service kits-registry',
        'ConfigMap kits-config',
      ]),
    );
    expect(chart.appVersion, 'Chart.yaml: appVersion is the kernel version').toBe(KERNEL_VERSION);
  });

  it('pins every image to the chart appVersion, never latest', () => {
    for (const workload of workloads) {
      for (const container of podTemplate(workload).spec.containers) {
        const where = `${workload.file}: ${workload.kind} ${workload.metadata.name} container ${container.name}`;
        expect(unpinnedImageReason(container.image), `${where} image ${container.image}`).toBeUndefined();
        expect(container.image.endsWith(`:${chart.appVersion}`), `${where} runs ${chart.appVersion}`).toBe(true);
      }
    }
  });

  it('runs every pod as non-root on a read-only root file system, with requests and limits', () => {
    for (const workload of workloads) {
      const pods = podTemplate(workload);
      const where = `${workload.file}: ${workload.kind} ${workload.metadata.name}`;
      expect(pods.spec.securityContext?.runAsNonRoot, `${where} runAsNonRoot`).toBe(true);
      expect(pods.spec.securityContext?.runAsUser, `${where} runs as a non-zero uid`).toBeGreaterThan(0);
      for (const container of pods.spec.containers) {
        expect(container.securityContext?.readOnlyRootFilesystem, `${where} ${container.name}: readOnlyRootFilesystem`).toBe(true);
        expect(container.securityContext?.allowPrivilegeEscalation, `${where} ${container.name}: allowPrivilegeEscalation false`).toBe(
          false,
        );
        for (const side of ['requests', 'limits'] as const) {
          for (const resource of ['cpu', 'memory']) {
            expect(container.resources?.[side]?.[resource], `${where} ${container.name}: resources.${side}.${resource}`).toBeTruthy();
          }
        }
        for (const mount of container.volumeMounts ?? []) {
          expect(
            pods.spec.volumes?.some((volume) => volume.name === mount.name),
            `${where} ${container.name}: ${mount.mountPath} has a volume`,
          ).toBe(true);
        }
        if (container.args?.[0]?.endsWith('.ts')) {
          expect(existsSync(`${REPO_ROOT}${container.args[0]}`), `${where} runs ${container.args[0]}, which exists`).toBe(true);
        }
      }
    }
  });

  it('probes every long-running container; the kernel is ready on /readyz and alive on /healthz', () => {
    for (const deployment of objects.filter((object) => object.kind === 'Deployment')) {
      for (const container of podTemplate(deployment).spec.containers) {
        const where = `${deployment.file}: ${deployment.metadata.name} container ${container.name}`;
        expect(container.readinessProbe?.httpGet?.path, `${where} has a readiness probe`).toBeDefined();
        expect(container.livenessProbe?.httpGet?.path, `${where} has a liveness probe`).toBeDefined();
      }
    }
    expect(kernelContainer.readinessProbe!.httpGet!.path, `${kernel.file}: kernel readiness on /readyz`).toBe('/readyz');
    expect(kernelContainer.livenessProbe!.httpGet!.path, `${kernel.file}: kernel liveness on /healthz`).toBe('/healthz');
    const writable = (kernelContainer.volumeMounts ?? []).map((mount) => mount.mountPath);
    expect(writable, `${kernel.file}: the kernel writes /tmp and the plugin cache on volumes`).toEqual(
      expect.arrayContaining(['/tmp', '/app/.kits-cache']),
    );
    expect(
      kernelContainer.envFrom?.map((source) => source.secretRef?.name),
      `${kernel.file}: secrets from ${values.secrets.name}`,
    ).toContain(values.secrets.name);
  });

  it('stops a kernel gracefully: out of the load balancer during preStop, then SIGTERM within the grace period', () => {
    const preStop = kernelContainer.lifecycle?.preStop?.exec?.command;
    expect(preStop?.[0], `${kernel.file}: a preStop sleep keeps the pod serving while endpoints update`).toBe('sleep');
    const sleep = Number(preStop![1]);
    expect(sleep, `${kernel.file}: preStop sleeps a few seconds`).toBeGreaterThan(0);
    expect(
      kernelPods.spec.terminationGracePeriodSeconds,
      `${kernel.file}: the grace period leaves 30 s to drain after preStop`,
    ).toBeGreaterThanOrEqual(sleep + 30);
  });

  it('autoscales the kernel on CPU and on p95 request latency', () => {
    const hpa = named('HorizontalPodAutoscaler', 'kits-kernel');
    expect(hpa.apiVersion, `${hpa.file}: autoscaling/v2`).toBe('autoscaling/v2');
    const spec = hpa.spec as {
      scaleTargetRef: { kind: string; name: string };
      minReplicas: number;
      maxReplicas: number;
      metrics: Array<{
        type: string;
        resource?: { name: string };
        pods?: { metric: { name: string } };
        external?: { metric: { name: string } };
      }>;
    };
    expect(spec.scaleTargetRef, `${hpa.file}: scales the kernel Deployment`).toMatchObject({
      kind: 'Deployment',
      name: kernel.metadata.name,
    });
    expect(spec.minReplicas, `${hpa.file}: at least 2 kernels`).toBeGreaterThanOrEqual(2);
    expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
    expect(
      spec.metrics.some((metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu'),
      `${hpa.file}: a CPU metric`,
    ).toBe(true);
    const latency = spec.metrics.find((metric) =>
      (metric.pods ?? metric.external)?.metric.name.startsWith('kits_http_request_duration_seconds'),
    );
    expect(latency, `${hpa.file}: a Pods or External metric on kits_http_request_duration_seconds`).toBeDefined();
    expect((kernel.spec as { replicas?: number }).replicas, `${kernel.file}: no replicas, the autoscaler owns the count`).toBeUndefined();
  });

  it('keeps a PodDisruptionBudget on exactly the kernel pods, which the Service also selects', () => {
    const pdb = named('PodDisruptionBudget', 'kits-kernel');
    const selector = (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    expect(selects(selector, kernelPods.metadata.labels), `${pdb.file}: selects the kernel pods`).toBe(true);
    expect(selector, `${pdb.file}: selects what the Deployment selects`).toEqual(
      (kernel.spec as { selector: { matchLabels: object } }).selector.matchLabels,
    );
    for (const other of workloads.filter((workload) => workload !== kernel)) {
      expect(selects(selector, podTemplate(other).metadata.labels), `${pdb.file}: does not select ${other.metadata.name}'s pods`).toBe(
        false,
      );
    }
    expect((pdb.spec as { minAvailable: number }).minAvailable, `${pdb.file}: keeps kernels up during drains`).toBeGreaterThanOrEqual(1);
    const service = named('Service', 'kits-kernel');
    expect(
      selects((service.spec as { selector: Record<string, string> }).selector, kernelPods.metadata.labels),
      `${service.file}: selects the kernel pods`,
    ).toBe(true);
  });

  it('migrates once per release: a pre-install and pre-upgrade hook Job running migrate.ts', () => {
    const job = named('Job', 'kits-migrations');
    const hooks = job.metadata.annotations?.['helm.sh/hook']?.split(',') ?? [];
    expect(hooks, `${job.file}: helm.sh/hook pre-install,pre-upgrade`).toEqual(expect.arrayContaining(['pre-install', 'pre-upgrade']));
    expect(job.metadata.annotations?.['helm.sh/hook-delete-policy'], `${job.file}: a new Job replaces the last one`).toContain(
      'before-hook-creation',
    );
    const container = podTemplate(job).spec.containers[0]!;
    expect(container.args, `${job.file}: runs kernel/src/migrate.ts`).toEqual(['kernel/src/migrate.ts']);
    expect((podTemplate(job).spec as { restartPolicy?: string }).restartPolicy, `${job.file}: restartPolicy Never`).toBe('Never');
  });

  it('holds no secret: no Secret object, no secret value in a ConfigMap', () => {
    expect(
      objects.filter((object) => object.kind === 'Secret'),
      'the chart creates no Secret: the operator provides it',
    ).toEqual([]);
    for (const configMap of objects.filter((object) => object.kind === 'ConfigMap')) {
      for (const key of Object.keys((configMap as { data?: object }).data ?? {})) {
        expect(key, `${configMap.file}: ${key} belongs in the Secret`).not.toMatch(
          /SECRET|PASSWORD|TOKEN|_KEY$|DATABASE_URL|REDIS_URL|AMQP_URL/,
        );
      }
    }
  });

  it('names every object after the release', () => {
    const other = renderedChartObjects({ releaseName: 'shops-eu' });
    for (const object of other) expect(object.metadata.name, `${object.file}: named after the release`).toMatch(/^shops-eu-/);
    expect(other.find((object) => object.kind === 'HorizontalPodAutoscaler')?.spec).toMatchObject({
      scaleTargetRef: { name: 'shops-eu-kernel' },
    });
  });
});
