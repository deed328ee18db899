import type { DatasetError } from '../../core/dataset/types';
import { formatBytes, formatCount, formatFeature, formatLatencyMs } from '../format';
import { useAppStore, type DatasetImport } from '../store';

const MAX_ERRORS_SHOWN = 10;

function describeError(error: DatasetError): string {
  const where = error.column === undefined ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
  const column = error.columnName ? ` (${error.columnName})` : '';
  return `${where}${column}: ${error.message}`;
}

function ImportBody({ item }: { item: DatasetImport }) {
  if (item.status === 'parsing') return <p className="dataset__status">Parsing…</p>;
  if (item.status === 'error') {
    const hidden = item.errors.length - MAX_ERRORS_SHOWN;
    return (
      <div className="dataset__errors" role="alert">
        <p>Not imported: this file is not a valid HAT latency dataset.</p>
        <ul>
          {item.errors.slice(0, MAX_ERRORS_SHOWN).map((error, i) => (
            <li key={i} data-testid="dataset-error">
              {describeError(error)}
            </li>
          ))}
        </ul>
        {hidden > 0 && <p>…and {hidden} more.</p>}
      </div>
    );
  }
  const { summary } = item;
  return (
    <>
      <p className="dataset__summary">
        <strong data-testid="dataset-rows">{formatCount(summary.rows)} rows</strong> · latency{' '}
        {formatLatencyMs(summary.latencyMs.min)} – {formatLatencyMs(summary.latencyMs.max)} (median{' '}
        {formatLatencyMs(summary.latencyMs.median)})
      </p>
      <details>
        <summary>Feature ranges</summary>
        <table className="ranges">
          <thead>
            <tr>
              <th scope="col">feature</th>
              <th scope="col">min</th>
              <th scope="col">max</th>
            </tr>
          </thead>
          <tbody>
            {summary.featureRanges.map((range) => (
              <tr key={range.name}>
                <th scope="row">{range.name}</th>
                <td>{formatFeature(range.min)}</td>
                <td>{formatFeature(range.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

export function DatasetList() {
  const imports = useAppStore((s) => s.imports);
  const removeImport = useAppStore((s) => s.removeImport);
  if (imports.length === 0) return <p className="empty">No files imported yet.</p>;
  return (
    <ul className="datasets" aria-label="Imported latency datasets">
      {imports.map((item) => (
        <li
          key={item.id}
          className={`dataset dataset--${item.status}`}
          data-testid="dataset-item"
          data-status={item.status}
        >
          <div className="dataset__head">
            <span className="dataset__name">{item.fileName}</span>
            <span className="dataset__size">{formatBytes(item.sizeBytes)}</span>
            {item.status !== 'parsing' && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => removeImport(item.id)}
                aria-label={`Remove ${item.fileName}`}
              >
                Remove
              </button>
            )}
          </div>
          <ImportBody item={item} />
        </li>
      ))}
    </ul>
  );
}
