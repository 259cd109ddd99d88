/**
 * The prerequisites of `npm test`, checked before anything is built or run: PostgreSQL, Redis and
 * RabbitMQ at their test URLs (started when local and down), and the programs the tests drive
 * (Chromium, socat, udev, HAProxy, PgBouncer, promtool; installed with apt-get where this user may). Whatever cannot be had is
 * named on one line with the command that brings it, and the run stops before any test.
 */
import { ensureService, testServices } from './services.ts';
import { ensureSystemPackages } from './system-packages.ts';

const [servicesMissing, packagesMissing] = await Promise.all([Promise.all(testServices().map(ensureService)), ensureSystemPackages()]);
const missing = [...servicesMissing.filter((line) => line !== undefined), ...packagesMissing];

if (missing.length > 0) {
  for (const line of missing) process.stderr.write(`prerequisites: ${line}\n`);
  process.stderr.write(`prerequisites: ${missing.length} missing, so no test was run.\n`);
  process.exit(1);
}
process.stdout.write('prerequisites: PostgreSQL, Redis, RabbitMQ, Chromium, socat, udev, HAProxy, PgBouncer and promtool are ready\n');
