import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let server: PreviewServer | undefined;

/** Builds the app as shipped and serves it on 127.0.0.1, so tests drive exactly what users get. */
export async function setup(project: TestProject): Promise<void> {
  // Vitest runs with NODE_ENV=test, and vite bundles React's development build whenever NODE_ENV is not
  // production: slower renders plus a performance.measure per component, which made long tasks the shipped app
  // does not have. The build the tests drive is the one `vite build` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: repoRoot, logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await preview({ root: repoRoot, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0 } });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`);
}

export async function teardown(): Promise<void> {
  await server?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
