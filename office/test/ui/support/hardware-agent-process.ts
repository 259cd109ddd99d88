import { createServer, type AddressInfo } from 'node:net';

// The agent as a shop runs it on the office's computer: the till's own test helper, serving the office's address.
export { startAgentProcess, type AgentProcess } from '../../../../till/test/ui/support/hardware-agent-process.ts';

/** A loopback port nothing listens on: a server's, just after it closed. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
