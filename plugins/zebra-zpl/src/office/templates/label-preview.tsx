import { ProblemNotice, Spinner } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { dotsPerMm, labelDots } from '../../shared/label-stock.ts';
import type { LabelTemplate } from '../../shared/label-template.ts';

/**
 * The label as the printer will draw it: the ZPL itself rendered by zpl-renderer-js (Zebra's
 * language run in WebAssembly, offline), not a drawing of what the ZPL is meant to be. The renderer
 * (about 9 MB) is fetched the first time a preview is shown.
 */
export function LabelPreview({ zpl, template, alt }: { zpl: string; template: LabelTemplate; alt: string }) {
  const [png, setPng] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let current = true;
    const size = labelDots(template.stock, template.dpi);
    // A short pause lets typing settle before the label is drawn again.
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const { ready } = await import('zpl-renderer-js');
          const { api } = await ready;
          const base64 = await api.zplToBase64Async(zpl, size.widthMm, size.heightMm, dotsPerMm(template.dpi));
          if (current) {
            setPng(`data:image/png;base64,${base64}`);
            setError(undefined);
          }
        } catch (failure) {
          if (current) setError(failure);
        }
      })();
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [zpl, template.stock, template.dpi]);
  const { widthMm, heightMm } = labelDots(template.stock, template.dpi);
  const scale = Math.min(10, Math.max(3, 380 / widthMm));
  if (error) return <ProblemNotice error={error} what="Drawing the preview" />;
  if (!png) return <Spinner label="Drawing the label" />;
  return (
    <figure>
      {/* About 380 px wide whatever the label (a 30 mm tag is drawn larger than a 4" label), never wider than its card. */}
      <img
        src={png}
        alt={alt}
        width={Math.round(widthMm * scale)}
        height={Math.round(heightMm * scale)}
        style={{ maxWidth: '100%', height: 'auto', border: '1px solid var(--k-color-border-strong)', background: '#fff' }}
      />
      <figcaption class="k-muted">
        {widthMm} × {heightMm} mm at {template.dpi} dpi
      </figcaption>
    </figure>
  );
}
