import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, Field, FormProblem, Select, Stack, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { LABEL_STOCK_IDS, LABEL_STOCKS, PRINT_RESOLUTIONS, type LabelStockId, type PrintResolution } from '../../shared/label-stock.ts';
import { API, DEVICES } from '../labels-api.ts';

const STOCK_OPTIONS = LABEL_STOCK_IDS.map((id) => ({ value: id, label: LABEL_STOCKS[id].name }));
const DPI_OPTIONS = PRINT_RESOLUTIONS.map((dpi) => ({ value: String(dpi), label: `${dpi} dpi` }));

/**
 * Adding a label printer: the kernel registers it as a device (kind label-printer, its model and
 * host:port), then zebra-zpl records its resolution and the labels loaded in it.
 */
export function AddPrinterDialog({ context, onClose, onDone }: { context: OfficePluginContext; onClose(): void; onDone(): void }) {
  const locations = context.session.locations;
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState(context.location.current?.id ?? locations[0]?.id ?? '');
  const [model, setModel] = useState('Zebra ZD421');
  const [address, setAddress] = useState('');
  const [dpi, setDpi] = useState<PrintResolution>(203);
  const [stock, setStock] = useState<LabelStockId>('shelf-2.25x1.25');
  const [deviceId, setDeviceId] = useState<string | undefined>();
  const save = useSubmit(async () => {
    // A retry after the facts failed must not register the device twice.
    const id =
      deviceId ??
      (
        await context.api.post<{ id: string }>(DEVICES, {
          name,
          locationId,
          kind: 'label-printer',
          model: `${model.trim() || 'Zebra'} (${dpi} dpi)`,
          address: /:\d+$/.test(address.trim()) ? address.trim() : `${address.trim()}:9100`,
        })
      ).id;
    setDeviceId(id);
    await context.api.put(`${API}/printers/${id}`, { dpi, stock });
    context.toasts.show(`Printer ${name} added`, 'success');
    onDone();
  });
  return (
    <Dialog
      open
      title="Add a label printer"
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={save.busy} onClick={() => void save.submit()}>
            Add printer
          </Button>
        </>
      }
    >
      <Stack>
        <FormProblem>{save.problems['']}</FormProblem>
        <Field label="Name" name="printer-name" hint="What staff call it: Back-1, Front counter" problem={save.problems['name']}>
          <TextInput name="printer-name" value={name} onValue={setName} />
        </Field>
        <Field label="Location" name="printer-location" problem={save.problems['locationId']}>
          <Select
            name="printer-location"
            value={locationId}
            options={locations.map((l) => ({ value: l.id, label: l.name }))}
            onValue={setLocationId}
          />
        </Field>
        <Field label="Model" name="printer-model" problem={save.problems['model']}>
          <TextInput name="printer-model" value={model} onValue={setModel} />
        </Field>
        <Field
          label="Network address"
          name="printer-address"
          hint="host:port — Zebra printers listen on port 9100"
          problem={save.problems['address']}
        >
          <TextInput name="printer-address" value={address} onValue={setAddress} placeholder="192.168.1.60:9100" />
        </Field>
        <Field label="Resolution" name="printer-dpi">
          <Select
            name="printer-dpi"
            value={String(dpi)}
            options={DPI_OPTIONS}
            onValue={(value) => setDpi(Number(value) as PrintResolution)}
          />
        </Field>
        <Field label="Labels loaded" name="printer-stock">
          <Select name="printer-stock" value={stock} options={STOCK_OPTIONS} onValue={(value) => setStock(value as LabelStockId)} />
        </Field>
      </Stack>
    </Dialog>
  );
}
