import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { HOST_IDENTIFICATION_QUERY, parseHostIdentification } from '../../shared/host-identification.ts';
import { HOST_STATUS_QUERY, hostStatusMessage, parseHostStatus } from '../../shared/host-status.ts';
import { DEVICES, type LabelPrinter } from '../labels-api.ts';

/** A printer's `host:port` (port 9100 when left out). */
export function printerAddress(printer: Pick<LabelPrinter, 'name' | 'address'>): { host: string; port: number } {
  const match = /^\s*(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?\s*$/.exec(printer.address ?? '');
  if (!match) throw new Error(`Printer ${printer.name} has no network address: set its host:port (port 9100) under Label printers.`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port: match[2] ? Number(match[2]) : 9100 };
}

/**
 * Tells the kernel what the printer last said (an error raises the devices alert, ok clears it).
 * A report that fails is logged: the printer's own failure is what the person must see.
 */
async function reportStatus(
  context: OfficePluginContext,
  printer: LabelPrinter,
  state: 'ok' | 'error',
  message?: string,
  firmware?: string,
): Promise<void> {
  try {
    await context.api.put(`${DEVICES}/${printer.id}/status`, {
      state,
      ...(message ? { message: message.slice(0, 500) } : {}),
      ...(firmware ? { version: firmware.slice(0, 100) } : {}),
    });
  } catch (failure) {
    console.error(`zebra-zpl: the status of printer ${printer.name} could not be reported`, failure);
  }
}

/**
 * The firmware the printer reports to `~HI` (host identification), or undefined when it does not
 * answer one (older firmware, or a network bridge that passes on only print jobs): the check goes
 * on without it.
 */
async function reportedFirmware(context: OfficePluginContext, host: string, port: number): Promise<string | undefined> {
  try {
    const answer = await context.hardware.tcpExchange(host, port, HOST_IDENTIFICATION_QUERY, {
      answerLines: 1,
      idleMs: 250,
      timeoutMs: 2000,
    });
    return parseHostIdentification(answer)?.firmware;
  } catch {
    return undefined;
  }
}

/**
 * Asks the printer's host status (`~HS`) and its identification (`~HI`) and reports both to the
 * kernel: what stops it printing, in a sentence (undefined: ready), and the firmware it runs. A
 * printer that cannot be reached rejects (and is reported too).
 */
export async function checkPrinter(context: OfficePluginContext, printer: LabelPrinter): Promise<string | undefined> {
  const { host, port } = printerAddress(printer);
  let problem: string | undefined;
  try {
    const answer = await context.hardware.tcpExchange(host, port, HOST_STATUS_QUERY, { answerLines: 3, idleMs: 250, timeoutMs: 3000 });
    problem = hostStatusMessage(printer.name, parseHostStatus(answer));
  } catch (error) {
    await reportStatus(context, printer, 'error', error instanceof Error ? error.message : String(error));
    throw error;
  }
  await reportStatus(context, printer, problem ? 'error' : 'ok', problem, await reportedFirmware(context, host, port));
  return problem;
}

/**
 * Asks the printer's host status (`~HS`), refuses with the reason when it cannot print ("Printer
 * Back-1 is paused: press Pause on the printer"), else sends the ZPL. Either way the printer's
 * state goes to the kernel's devices service; a failure is thrown on, never swallowed.
 */
export async function sendToPrinter(context: OfficePluginContext, printer: LabelPrinter, zpl: string): Promise<{ bytesWritten: number }> {
  const problem = await checkPrinter(context, printer);
  if (problem) throw new Error(problem);
  const { host, port } = printerAddress(printer);
  try {
    return await context.hardware.tcpPrint(host, port, new TextEncoder().encode(zpl));
  } catch (error) {
    await reportStatus(context, printer, 'error', error instanceof Error ? error.message : String(error));
    throw error;
  }
}
