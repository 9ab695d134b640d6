// npm run package:win: builds out/syncwarden-<version>-win-x64.zip (layout.ts says what it holds).
import { packageWindows } from './build.js';

packageWindows().catch((err: Error) => {
  console.error(`package:win: ${err.message}`);
  process.exit(1);
});
