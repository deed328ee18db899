/**
 * The roles of workers/tfjs.worker.ts, the one worker script that runs tf.js: each worker is started with the name
 * `${role}:${label}` and exposes that role's API (backends.ts, predictor.ts, latency.ts, validation.ts here).
 */
export const TFJS_WORKER_ROLES = ['probe', 'predictor', 'latency', 'validation'] as const;
export type TfjsWorkerRole = (typeof TFJS_WORKER_ROLES)[number];

export const tfjsWorkerName = (role: TfjsWorkerRole, label: string = role): string => `${role}:${label}`;

/** The role a worker name asks for, or null for a name no role matches. */
export function tfjsWorkerRole(name: string): TfjsWorkerRole | null {
  const role = name.split(':')[0];
  return (TFJS_WORKER_ROLES as readonly string[]).includes(role ?? '') ? (role as TfjsWorkerRole) : null;
}
