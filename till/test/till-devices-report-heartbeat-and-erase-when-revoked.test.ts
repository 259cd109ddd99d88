import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSocket } from '@kits/plugin-sdk/hardware-agent';
import { startHardwareAgent, type HardwareAgent } from '../hardware-agent/agent-server.ts';
import { listSerialPorts, writeToSerialPort } from '../hardware/serial-port.ts';
import { exchangeOverTcp } from '../hardware/tcp-exchange.ts';
import { printOverTcp } from '../hardware/tcp-printer.ts';
import { TillHeartbeat, type HeartbeatAnswer } from '../src/devices/heartbeat.ts';
import { PeripheralStatus } from '../src/devices/peripheral-status.ts';
import { reportingHardware } from '../src/devices/reporting-hardware.ts';
import { finishRevokedTill } from '../src/devices/revoked-till.ts';
import { agentHardware } from '../src/hardware/till-hardware.ts';
import { appendEvent } from '../src/store/event-log.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { deviceKeyClient } from '../src/sync/device-key-client.ts';
import { refusedPort, startLoopbackPrinter, type LoopbackPrinter } from './hardware/support/loopback-printer.ts';

const TALLY = fileURLToPath(new URL('../../kernel/test/fixtures/plugins/tally', import.meta.url));
const TILL_ORIGIN = 'http://127.0.0.1:3000';
const RECEIPT = Uint8Array.from([0x1b, 0x40, ...Buffer.from('Receipt 7\n')]);
const DEVICES = '/api/v1/tenants/current/devices';

/** A Map as the till's localStorage. */
function memoryStorage(entries: Record<string, string>) {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (index: number) => [...map.keys()][index] ?? null,
    removeItem: (key: string) => void map.delete(key),
    keys: () => [...map.keys()],
  };
}

/**
 * The till's side of the devices service against a real kernel (PGlite) and real devices: the
 * receipt printer path reports each job's outcome (a loopback TCP printer through the hardware
 * agent), the heartbeat carries it to the kernel, and a revoked till pushes what it holds with its
 * device key and erases its database only then.
 */
describe('a till reports its devices, beats, and erases itself once revoked', () => {
  let kit: TestKernel;
  let url: string;
  let agent: HardwareAgent;
  let printer: LoopbackPrinter;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [TALLY] });
    url = await kit.kernel.listen();
    agent = await startHardwareAgent({
      port: 0,
      allowedOrigins: [TILL_ORIGIN],
      devices: { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp },
    });
    printer = await startLoopbackPrinter({ identity: { model: 'TM-T88VI', firmware: '30.27 ESC/POS' } });
  }, 60_000);
  afterAll(async () => {
    await printer?.close();
    await agent?.close();
    await kit?.close();
  });

  const pairedTill = async (): Promise<TestTill & { key: string }> => {
    const till = await kit.signInTill();
    const code = await kit.request<{ code: string }>('POST', `${DEVICES}/${till.deviceId}/pairing-code`);
    const paired = await kit.request<{ deviceKey: string }>('POST', '/api/v1/auth/pair', { token: null, body: { code: code.body.code } });
    return { ...till, key: paired.body.deviceKey };
  };
  const openDb = () => openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
  const tallied = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from tally.entries'))[0]!.n;

  it('the receipt path reports each job; the heartbeat carries it to the kernel, which raises and clears the alert', async () => {
    const status = new PeripheralStatus();
    const hardware = reportingHardware(
      agentHardware(
        () => agent.url,
        (address) => new WebSocket(address, { origin: TILL_ORIGIN }) as unknown as AgentSocket,
      ),
      status,
    );
    const till = await pairedTill();
    const answers: HeartbeatAnswer[] = [];
    const heartbeat = new TillHeartbeat({
      client: deviceKeyClient(url, till.key),
      report: async () => ({
        version: '1.2.0',
        sinceLastSyncSeconds: 4,
        pendingEvents: 0,
        databaseBytes: 8192,
        peripherals: status.list(),
      }),
      onAnswer: (answer) => answers.push(answer),
      onRevoked: () => {
        throw new Error('not revoked');
      },
    });

    const refused = await refusedPort();
    await expect(hardware.tcpPrint('127.0.0.1', refused, RECEIPT)).rejects.toThrow(/refused the connection/);
    expect(status.list()).toEqual([
      expect.objectContaining({
        kind: 'receipt-printer',
        name: `Printer at 127.0.0.1:${refused}`,
        state: 'error',
        message: expect.stringMatching(/refused/),
      }),
    ]);
    expect(await heartbeat.beat()).toEqual({ updateRequired: false, minimumTillVersion: null, nextHeartbeatSeconds: 30 });
    // The kernel registered the printer at the till's location by its address; the alert is the printer's own.
    type Listed = {
      id: string;
      kind: string;
      address: string | null;
      model: string | null;
      version: string | null;
      status: { state: string };
    };
    const listed = async () =>
      (await kit.request<{ items: Array<Listed & { till: { peripherals: unknown[] } | null }> }>('GET', DEVICES)).body.items;
    const at = async (address: string) => (await listed()).find((d) => d.address === address)!;
    const refusedPrinter = await at(`127.0.0.1:${refused}`);
    expect(refusedPrinter).toMatchObject({ kind: 'receipt-printer', status: { state: 'error' } });
    const alerts = async () =>
      (await kit.request<{ items: Array<{ deviceId: string; kind: string; message: string }> }>('GET', `${DEVICES}/alerts`)).body.items;
    const alertsOf = async (deviceId: string) => (await alerts()).filter((a) => a.deviceId === deviceId);
    expect(await alertsOf(refusedPrinter.id)).toEqual([
      expect.objectContaining({ kind: 'device-error', message: expect.stringMatching(/refused the connection/) }),
    ]);
    expect(await alertsOf(till.deviceId)).toEqual([]);

    // The printer is fixed (another address, the one that answers): the next job prints; asked GS I (as the
    // ESC/POS plugin asks after a first receipt), it names its model and firmware, real bytes over TCP.
    await hardware.tcpPrint(printer.host, printer.port, RECEIPT);
    expect(await printer.nextJob()).toEqual(Buffer.from(RECEIPT));
    const answer = await hardware.tcpExchange(printer.host, printer.port, Uint8Array.from([0x1d, 0x49, 67, 0x1d, 0x49, 65]), {
      idleMs: 200,
    });
    expect(Buffer.from(answer).toString('latin1')).toBe('_TM-T88VI\x00_30.27 ESC/POS\x00');
    await expect.poll(() => printer.questions.length, { timeout: 10_000 }).toBe(1); // a question, not a print job
    status.identified({ kind: 'receipt-printer', address: `${printer.host}:${printer.port}`, model: 'TM-T88VI', version: '30.27 ESC/POS' });
    // Asked a question, a receipt printer stays a receipt printer (not a label printer) in the till's list.
    expect(status.list().filter((p) => p.address === `${printer.host}:${printer.port}`)).toEqual([
      expect.objectContaining({ kind: 'receipt-printer', state: 'ok', model: 'TM-T88VI', version: '30.27 ESC/POS' }),
    ]);
    await heartbeat.beat();
    const device = (await listed()).find((d) => d.id === till.deviceId)!;
    expect(device.version).toBe('1.2.0');
    expect(device.till!.peripherals).toContainEqual(
      expect.objectContaining({ name: `Printer at ${printer.host}:${printer.port}`, state: 'ok', version: '30.27 ESC/POS' }),
    );
    expect(await at(`${printer.host}:${printer.port}`)).toMatchObject({
      kind: 'receipt-printer',
      model: 'TM-T88VI',
      version: '30.27 ESC/POS',
      status: { state: 'ok' },
    });
    expect((await alerts()).map((a) => a.deviceId)).toEqual([refusedPrinter.id]); // the refused address still says so
    expect(answers).toHaveLength(2);
  });

  it('revoked, the heartbeat says so; the till pushes what it recorded, then erases — not before every event is answered', async () => {
    const till = await pairedTill();
    const db: TillDatabase = await openDb();
    const credentials = memoryStorage({
      'kits.till.device': JSON.stringify({ deviceId: till.deviceId }),
      [`kits.till.staff.${till.deviceId}`]: '[]',
      'kits.till.receiptPrinter': 'escpos-receipts/Receipt printer',
    });
    await appendEvent(db, till.deviceId, 'tally.entry.add', { amount: 4 });
    await appendEvent(db, till.deviceId, 'tally.entry.add', { amount: 6 });
    const before = await tallied();
    await kit.request('POST', `${DEVICES}/${till.deviceId}/revoke`);

    let revoked = false;
    const heartbeat = new TillHeartbeat({
      client: deviceKeyClient(url, till.key),
      report: async () => ({ version: '1.2.0', sinceLastSyncSeconds: null, pendingEvents: 2, databaseBytes: null, peripherals: [] }),
      onAnswer: () => undefined,
      onRevoked: () => (revoked = true),
    });
    expect(await heartbeat.beat()).toBeUndefined();
    expect(revoked).toBe(true);

    // Without its device key the till cannot send its last sales: it keeps everything.
    const kept = await finishRevokedTill(db, till.deviceId, undefined, credentials);
    expect(kept).toMatchObject({ erased: false, waiting: 2 });
    expect(await db.events.count().exec()).toBe(2);

    const outcome = await finishRevokedTill(db, till.deviceId, deviceKeyClient(url, till.key), credentials);
    expect(outcome).toEqual({ erased: true });
    expect(await tallied()).toBe(before + 2);
    expect(db.closed).toBe(true);
    expect(credentials.keys()).toEqual(['kits.till.receiptPrinter']);
    // Opened again under its name, the database is empty.
    const reopened = await openTillDatabase({ name: db.name, storage: getRxStorageMemory(), password: 'till-test-password' });
    expect(await reopened.events.count().exec()).toBe(0);
    await reopened.remove();
  });
});
