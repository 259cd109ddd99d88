import { Badge, Button, Field, Spinner, TextInput } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { hardwareAgentUrl, setHardwareAgentUrl } from './agent-address.ts';
import { agentCommand, checkAgent, type AgentCheck } from './office-hardware.ts';

type Check = AgentCheck | { readonly answers: 'checking' } | { readonly answers: 'no-address' };

/**
 * Settings → Printers on this computer: where this computer's hardware agent listens (kept in this
 * browser), and whether it answers — the office prints labels through it. Like the till's
 * “Printers and devices” panel.
 */
export function PrintersOnThisComputerPanel() {
  const [address, setAddress] = useState(hardwareAgentUrl);
  const [problem, setProblem] = useState<string>();
  const [check, setCheck] = useState<Check>({ answers: 'checking' });
  // The address the status speaks of: the one saved and checked, not what is being typed.
  const [checked, setChecked] = useState(hardwareAgentUrl);

  const checkNow = async (url: string) => {
    setChecked(url);
    if (url === '') return setCheck({ answers: 'no-address' });
    setCheck({ answers: 'checking' });
    setCheck(await checkAgent(url));
  };
  useEffect(() => void checkNow(hardwareAgentUrl()), []);

  const save = (event: Event) => {
    event.preventDefault();
    try {
      const saved = setHardwareAgentUrl(address);
      setAddress(saved);
      setProblem(undefined);
      void checkNow(saved);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    // The settings page draws it in a card titled “Printers on this computer”.
    <div class="k-stack k-gap-3" data-testid="printers-on-this-computer">
      <p class="k-muted">
        A browser cannot reach a printer itself: this computer prints labels through the KiTS POS hardware agent, a small program running on
        it. The address is kept in this browser only.
      </p>
      <form noValidate class="k-form" aria-label="Hardware agent" onSubmit={save}>
        <Field label="Hardware agent address" name="hardwareAgent" hint="Usually ws://127.0.0.1:9181; empty for none." problem={problem}>
          <TextInput name="hardwareAgent" value={address} onValue={setAddress} placeholder="ws://127.0.0.1:9181" />
        </Field>
        <div>
          <Button type="submit">Save and check</Button>
        </div>
      </form>
      <AgentStatus check={check} address={checked} />
    </div>
  );
}

function AgentStatus({ check, address }: { check: Check; address: string }) {
  if (check.answers === 'checking') return <Spinner label="Asking the hardware agent…" />;
  if (check.answers === 'no-address')
    return (
      <p role="status">
        <Badge tone="neutral">No agent</Badge> This computer uses no hardware agent: it prints no labels.
      </p>
    );
  if (check.answers)
    return (
      <p role="status">
        <Badge tone="success">Answers</Badge> The hardware agent at {address} answers: this computer can print to the shop’s network
        printers.
      </p>
    );
  return (
    <div class="k-stack k-gap-2" role="status">
      <p>
        <Badge tone="danger">Does not answer</Badge> {check.message}
      </p>
      <p class="k-muted k-text--small">
        To start it on this computer: <code>{agentCommand(location.origin)}</code>
      </p>
    </div>
  );
}
