/** The tf.js backends the app knows, fastest first. Kept apart from backends.ts so the UI can list them without loading tf.js. */
export const BACKEND_NAMES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
