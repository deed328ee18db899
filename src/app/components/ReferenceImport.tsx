import { useReferencesStore } from '../chart-references';
import { useFileDrop } from '../file-drop';
import { useSearchSpace, useSearchStore } from '../search-store';

/**
 * Import of SubTransformer configs to compare against the search (HAT's published YAMLs, or this app's JSON):
 * drag-and-drop or a file chooser. Each file is judged on its own; a bad one gets a message naming the problem and
 * leaves the imported configs as they were.
 */
export function ReferenceImport() {
  const importFiles = useReferencesStore((s) => s.importFiles);
  const references = useReferencesStore((s) => s.references);
  const notices = useReferencesStore((s) => s.notices);
  const remove = useReferencesStore((s) => s.remove);
  const select = useSearchStore((s) => s.select);
  const space = useSearchSpace();
  const { dragging, zoneProps, inputProps, choose } = useFileDrop((files) => void importFiles(files, space));

  return (
    <div
      className={`reference-import${dragging ? ' reference-import--active' : ''}`}
      data-testid="reference-drop"
      {...zoneProps}
    >
      <p className="reference-import__title">
        Compare with configs: drop HAT SubTransformer YAMLs (e.g.{' '}
        <code>HAT_wmt14ende_raspberrypi@3.5s_bleu@25.8.yml</code>) here or{' '}
        <button type="button" className="button button--secondary" onClick={choose}>
          choose files…
        </button>
      </p>
      <input
        {...inputProps}
        accept=".yml,.yaml,.json,application/yaml,application/json"
        data-testid="reference-input"
      />
      {notices.length > 0 && (
        <ul className="notices" aria-live="polite">
          {notices.map((n, i) => (
            <li
              key={i}
              className={n.ok ? 'notice' : 'notice notice--bad'}
              data-testid="reference-notice"
              data-ok={n.ok}
            >
              {n.fileName}: {n.message}
            </li>
          ))}
        </ul>
      )}
      {references.length > 0 && (
        <ul className="references" data-testid="references">
          {references.map((r) => (
            <li key={r.key} data-status={r.status}>
              <button type="button" className="link-button" onClick={() => select(r.key)}>
                {r.name}
              </button>{' '}
              <span className="hint">
                {r.status === 'validating'
                  ? 'computing validation loss…'
                  : r.status === 'error'
                    ? r.error
                    : `loss ${r.validLoss!.toFixed(3)}`}
              </span>{' '}
              <button
                type="button"
                className="button button--quiet"
                aria-label={`Remove ${r.name}`}
                onClick={() => remove(r.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
