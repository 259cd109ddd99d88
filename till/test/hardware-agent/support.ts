import { once } from 'node:events';
import WebSocket from 'ws';
import type { AgentAnswer } from '@kits/plugin-sdk/hardware-agent';

/** A page of `origin` connected to the agent, as a browser connects: the `Origin` header is the page's. */
export interface AgentConnection {
  readonly socket: WebSocket;
  /** Sends one message (an object is sent as JSON) and waits for the next answer. */
  ask(message: unknown): Promise<AgentAnswer>;
  close(): void;
}

export async function connectAs(url: string, origin: string | undefined): Promise<AgentConnection> {
  const socket = new WebSocket(url, origin === undefined ? {} : { origin });
  const answers: AgentAnswer[] = [];
  const waiting: ((answer: AgentAnswer) => void)[] = [];
  socket.on('message', (data) => {
    const answer = JSON.parse(String(data)) as AgentAnswer;
    const waiter = waiting.shift();
    if (waiter) waiter(answer);
    else answers.push(answer);
  });
  await once(socket, 'open');
  return {
    socket,
    ask(message) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
      return new Promise((resolve) => {
        const ready = answers.shift();
        if (ready) resolve(ready);
        else waiting.push(resolve);
      });
    },
    close: () => socket.close(),
  };
}

/** How the agent ended a connection: the close code and reason. */
export async function closedWith(socket: WebSocket): Promise<{ code: number; reason: string }> {
  const [code, reason] = (await once(socket, 'close')) as [number, Buffer];
  return { code, reason: reason.toString() };
}
