import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testProgram } from '../../../../testing/prerequisites/system-packages.ts';

/** Two pseudo-terminals joined by socat: what is written to one end is read at the other, as through a null-modem cable. */
export interface PtyPair {
  readonly endA: string;
  readonly endB: string;
  close(): Promise<void>;
}

export async function startPtyPair(): Promise<PtyPair> {
  const name = join(tmpdir(), `kits-tty-${randomUUID().slice(0, 8)}`);
  const endA = `${name}-A`;
  const endB = `${name}-B`;
  const socat = spawn(testProgram('socat'), ['-d', '-d', `pty,raw,echo=0,link=${endA}`, `pty,raw,echo=0,link=${endB}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    socat.once('error', reject);
    socat.once('exit', (code) => reject(new Error(`socat exited (${code}) before the pseudo-terminals were ready:\n${log}`)));
    socat.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) resolve();
    });
  });
  return {
    endA,
    endB,
    close: () =>
      new Promise((resolve) => {
        if (socat.exitCode !== null) return resolve();
        socat.once('exit', () => resolve());
        socat.kill();
      }),
  };
}
