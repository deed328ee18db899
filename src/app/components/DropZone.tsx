import { useState } from 'react';
import { useFileDrop } from '../file-drop';
import { useProfilesStore } from '../profiles-store';
import { useAppStore } from '../store';

const isCsv = (file: File): boolean => /\.csv$/i.test(file.name) || file.type === 'text/csv';
const isJson = (file: File): boolean => /\.json$/i.test(file.name) || file.type === 'application/json';

export function DropZone() {
  const importFiles = useAppStore((s) => s.importFiles);
  const importPredictorFiles = useProfilesStore((s) => s.importPredictorFiles);
  const [notice, setNotice] = useState<string | null>(null);

  const accept = (files: File[]): void => {
    const skipped = files.filter((file) => !isCsv(file) && !isJson(file));
    const csvs = files.filter(isCsv);
    const predictors = files.filter((file) => isJson(file) && !isCsv(file));
    setNotice(
      skipped.length > 0
        ? `Skipped ${skipped.map((f) => f.name).join(', ')}: only .csv latency datasets and .json predictors are accepted here.`
        : null,
    );
    if (csvs.length > 0) void importFiles(csvs);
    if (predictors.length > 0) void importPredictorFiles(predictors);
  };

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
