import { connect } from 'node:net';

/** Sends one line to HAProxy's runtime API (its admin socket) and answers everything it wrote back. */
export function haproxyRuntimeCommand(socketPath: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`HAProxy's runtime API did not answer "${line}" within 5 s`)));
    socket.on('connect', () => socket.end(`${line}\n`));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}
