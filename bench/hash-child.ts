// Child process of the hash bench: `hash-child ROOT` scans ROOT, hashes every file, and prints
// {ms, bytes, files, problems} as one JSON line.
import { hashEntries } from '../src/scan/hash.js';
import { ignoreSpecOf } from '../src/scan/ignore.js';
import { scanSide } from '../src/scan/scanner.js';

const root = process.argv[2];
const ignore = ignoreSpecOf({ ignore: [], ignoreDefaults: true, caseInsensitive: true, softDelete: { folder: '.sync_trash' } as never });
const scanned = await scanSide({ side: 'left', root, caseInsensitive: true, ignore });
let bytes = 0;
const t0 = performance.now();
const problems = await hashEntries(root, scanned.tree, (_key, entry) => ((bytes += entry.size), true), 4, 'left');
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, bytes, files: scanned.files, problems: problems.length }));
