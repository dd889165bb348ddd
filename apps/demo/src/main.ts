import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from './demo.js';

// The demo keeps its repositories in ./demo-repo at the project's root (or the folder given).
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const folder = process.argv[2] ?? join(projectRoot, 'demo-repo');
await runDemo(folder, (line) => console.log(line));
