import { useEffect } from 'react';
import { useAppStore } from '../store';
import { BACKEND_NAMES } from '../../tfjs/backend-names';

export function BackendStrip() {
  const backends = useAppStore((s) => s.backends);
  const probeBackends = useAppStore((s) => s.probeBackends);
  useEffect(() => {
    void probeBackends();
  }, [probeBackends]);

  return (
    <section className="backend-strip" aria-label="tf.js backends in this browser">
      <span className="backend-strip__label">Backends</span>
      <ul>
        {BACKEND_NAMES.map((name) => {
          const probe = backends.status === 'done' ? backends.probes.find((p) => p.name === name) : undefined;
          const state = backends.status === 'probing' ? 'probing' : probe?.available ? 'available' : 'unavailable';
          const detail =
            backends.status === 'failed' ? backends.message : probe ? probe.detail : 'checking whether it runs here…';
          return (
            <li
              key={name}
              className={`backend backend--${state}`}
              data-testid={`backend-${name}`}
              data-state={state}
              title={detail}
            >
              <span className="backend__dot" aria-hidden="true" />
              <span className="backend__name">{name}</span>
              <span className="visually-hidden">
                {state === 'available' ? 'available' : state === 'probing' ? 'checking' : 'unavailable'}: {detail}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
