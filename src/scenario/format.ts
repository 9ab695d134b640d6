/** FileSpec is a file in a tree literal: its content, or content with repeat, mtime and mode. */
export type FileSpec = string | { content?: string; repeat?: number; mtime?: string; mode?: string };

/** TreeLiteral is a folder's entries by name: `'name/'` is a folder, any other name a file. */
export interface TreeLiteral {
  [name: string]: FileSpec | TreeLiteral;
}

/** Change is one edit a scenario makes on one side; exactly one operation key is set. */
export interface Change {
  write?: string;
  touch?: string;
  delete?: string;
  rename?: string;
  move?: string;
  chmod?: string;
  mkdir?: string;
  to?: string;
  content?: string;
  repeat?: number;
  mtime?: string;
  mode?: string;
}

/** CHANGE_OPS are the operation keys of a Change. */
export const CHANGE_OPS = ['write', 'touch', 'delete', 'rename', 'move', 'chmod', 'mkdir'] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/** SideChanges is one step's edits on each side, config overrides in force from then on, and harm done to the state file. */
export interface SideChanges {
  config?: Record<string, unknown>;
  state?: 'lost' | 'corrupt';
  /** The root that vanishes before this step's edits (a drive that is not mounted). */
  unmount?: 'left' | 'right';
  left?: Change[];
  right?: Change[];
  /** After the edits: an admin restores a version of `path` (the nth newest, 1 by default) from the trash. */
  restore?: { path: string; nth?: number; to?: 'left' | 'right' | 'both' };
}

/** SyncSpec is how a pass is run: the `sync` command's options. */
export interface SyncSpec {
  dryRun?: boolean;
  force?: boolean;
  paths?: string[];
}

export interface ConflictExpect {
  path: string;
  rule: string;
  option?: string;
  status?: 'open' | 'settled';
}

export interface ProblemExpect {
  path: string;
  code: string;
  side?: 'left' | 'right';
}

/** Expect is the outcome of a scenario's last pass (see schemas/scenario.schema.json for what omission means). */
export interface Expect {
  both?: TreeLiteral;
  left?: TreeLiteral;
  right?: TreeLiteral;
  trash?: { left?: TreeLiteral; right?: TreeLiteral };
  conflicts?: ConflictExpect[];
  counts?: Record<string, number>;
  plan?: string[];
  problems?: ProblemExpect[];
  exitCode?: 0 | 1 | 3;
  secondSyncNoop?: boolean;
}

/** Scenario is a validated scenario file with the schema's defaults applied. */
export interface Scenario {
  /** Absolute path of the file. */
  file: string;
  name: string;
  description: string;
  spec?: string;
  pending: boolean | string;
  platforms?: NodeJS.Platform[];
  /** The run through the case-insensitive port: pending there only, or skipped with a reason. */
  caseInsensitiveFs: { pending?: boolean | string; skip?: string };
  config: Record<string, unknown>;
  policies: Record<string, Record<string, unknown>>;
  initial: { both?: TreeLiteral; left?: TreeLiteral; right?: TreeLiteral };
  synced: boolean;
  history: (SideChanges & { sync?: SyncSpec })[];
  changes: SideChanges;
  sync?: SyncSpec;
  expect: Expect;
}
