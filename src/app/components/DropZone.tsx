import { useState } from 'react';
import { importLatencyFiles } from '../drop-files';
import { useFileDrop } from '../file-drop';

export function DropZone() {
  const [notice, setNotice] = useState<string | null>(null);
  const accept = (files: File[]): void => setNotice(importLatencyFiles(files));

  const { dragging, zoneProps, inputProps, choose } = useFileDrop(accept);

  return (
    <div className={`drop-zone${dragging ? ' drop-zone--active' : ''}`} data-testid="drop-zone" {...zoneProps}>
      <p className="drop-zone__title">Drop latency datasets (or predictor JSON files) here</p>
      <p className="drop-zone__hint">
        HAT's CSV format: ten architecture features and encoder/decoder latency in ms, e.g.{' '}
        <code>wmt14ende_cpu_raspberrypi_all.csv</code>. Files are read in a background worker and never leave this
        browser.
      </p>
      <button type="button" className="button" onClick={choose}>
        Choose files…
      </button>
      <input {...inputProps} accept=".csv,text/csv,.json,application/json" data-testid="file-input" />
      {notice && (
        <p className="drop-zone__notice" role="status">
          {notice}
        </p>
      )}
    </div>
  );
}
