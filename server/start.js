#!/usr/bin/env node
// @ts-check
// `npm start`: serves dist/ and the tracker on one port. Flags: --port N (or PORT), --host H (or HOST);
// --host 0.0.0.0 makes the app reachable from the LAN (browsers allow WebRTC and OPFS only on localhost or https).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './server.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    dist: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log('Usage: node server/start.js [--port 8080] [--host 127.0.0.1] [--dist dist]');
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
const distDir = path.resolve(values.dist ?? path.join(here, '..', 'dist'));
if (!existsSync(path.join(distDir, 'index.html'))) {
  console.error(`No built app in ${distDir}: run \`npm run build\` first (\`npm start\` does both).`);
  process.exit(1);
}

let running;
try {
  running = await startServer({ port, host, distDir });
} catch (err) {
  const code = err && typeof err === 'object' && 'code' in err ? err.code : '';
  console.error(code === 'EADDRINUSE' ? `Port ${port} is in use: pass --port <another>.` : `Cannot start: ${err}`);
  process.exit(1);
}

console.log(`Rivulet is running: open ${running.url}`);
console.log(`Tracker: ${running.trackerUrl}`);
if (host === '127.0.0.1' || host === 'localhost') console.log('(Only this machine can reach it; --host 0.0.0.0 serves the LAN.)');

let stopping = false;
/** @param {string} signal */
const stop = (signal) => {
  if (stopping) process.exit(1); // a second Ctrl-C: do not wait any longer
  stopping = true;
  console.log(`\n${signal}: shutting down`);
  running.close().then(
    () => process.exit(0),
    (err) => {
      console.error('Shutdown failed:', err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
