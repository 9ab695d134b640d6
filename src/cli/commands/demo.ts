import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import type { CliContext } from '../context.js';
import { syncCommand } from './sync.js';

const SAMPLES: Record<'left' | 'right', Record<string, string>> = {
  left: {
    'Welcome.txt': 'This folder stands for the office share (left).\n',
    'Reports/2026/q3-summary.txt': 'Q3: revenue up, costs flat.\n',
    'Shared/price-list.csv': 'item,price\nwidget,9.50\n',
  },
  right: {
    'From the cloud.txt': 'This folder stands for the cloud drive (right).\n',
    'Reports/notes.md': '# Notes\n- call the accountant\n',
  },
};

/** demoCommand creates the demo folders with sample files when missing, then runs one sync pass on them. */
export async function demoCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  // With --json, stdout holds the report alone; the words go to stderr.
  const say = (text: string) => (ctx.options.json ? process.stderr.write(text) : ctx.out(text));
  for (const side of ['left', 'right'] as const) {
    const root = config[side];
    if (existsSync(root)) continue;
    for (const [rel, text] of Object.entries(SAMPLES[side])) {
      const file = join(root, ...rel.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      const t = new Date(Date.now() - 3_600_000);
      utimesSync(file, t, t);
    }
    say(`created demo folder ${root}\n`);
  }
  say(`syncing ${config.left} <-> ${config.right}\n`);
  return syncCommand(ctx);
}
