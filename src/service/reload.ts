import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { InputError, formatFieldErrors, type FieldError } from '../model/errors.js';
import { Decider } from '../policy/evaluate.js';
import type { PolicySet } from '../policy/types.js';
import type { Logger } from '../ports/log.js';
import { loadCheckedConfig } from '../app/checked-config.js';
import { localTime } from '../text/units.js';
import { applyLive, planReload, restartReason, valueAt } from './reload-keys.js';

/** An edit is read once its files have been quiet this long (an editor's save can be several writes). */
const RELOAD_QUIET_MS = 300;

/** ReloadTarget is what applying an edit touches in the running service. */
export interface ReloadTarget {
  /** The policies (or the conflict options) changed: decide with this from the next pass on. */
  decider(decider: Decider): void;
  /** The rescan cron or the bandwidth schedules changed: arm the schedules again from the config. */
  schedules(): void;
}

/** ReloadStatus is the `config` part of `/status`: the file in force, the last edit rejected, the keys waiting for a restart. */
export interface ReloadStatus {
  file: string;
  /** Edits applied since the start. */
  applied: number;
  appliedAt: string | null;
  rejected: { at: string; errors: FieldError[] } | null;
  /** Keys whose edited value waits for a restart (the running service keeps the old one). */
  restartNeeded: string[];
  /** What `status` prints, or null when the file in force is the file on disk. */
  line: string | null;
}

interface Edit {
  config: Config;
  policies: PolicySet;
  /** The fingerprint of the policy files the edit brings. */
  policyPrint: string;
}

/**
 * ConfigReloader watches the config file and the policy files (its own watchers, not the roots'), and after an
 * edit loads and checks everything as `validate` does. A valid edit waits for the service to take it between two
 * passes (applyDue): the live keys (reload-keys.ts) are written into the running config, the policies decide the
 * next pass. A rejected edit is logged naming file, field and what was expected, shown by `status`, and the old
 * settings stay in force; keys that need a restart are logged and shown, and keep their old value.
 */
export class ConfigReloader {
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private again = false;
  private pending: Edit | null = null;
  /** The fingerprint of the policy files in force, and of everything (config and policies) last checked. */
  private policiesInForce: string;
  private lastSeen: string;
  private readonly state: ReloadStatus;

  constructor(private readonly config: Config, private readonly log: Logger, private readonly wake: () => void) {
    const print = fingerprint(config.file, config.policies.dir);
    this.policiesInForce = print.policies;
    this.lastSeen = print.all;
    this.state = { file: config.file, applied: 0, appliedAt: null, rejected: null, restartNeeded: [], line: null };
  }

  /** start watches the config file's folder and the policies folder; a config built in code (no file) is not watched. */
  start(): void {
    if (this.config.file) this.watchFolders();
  }

  /** due tells whether a checked edit waits to be applied. */
  get due(): boolean {
    return this.pending !== null;
  }

  /** status is what `/status` shows of the config. */
  status(): ReloadStatus {
    return { ...this.state, restartNeeded: [...this.state.restartNeeded] };
  }

  /** check reads the files now (after an event, or from a test); concurrent calls run one check after another. */
  check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = this.checkNow().finally(() => {
      this.checking = null;
      if (this.again) {
        this.again = false;
        void this.check();
      }
    });
    return this.checking;
  }

  /** applyDue applies a checked edit, if one waits: only ever between two passes (the service's loop calls it). */
  applyDue(target: ReloadTarget): void {
    const edit = this.pending;
    if (!edit) return;
    this.pending = null;
    const plan = planReload(this.config, edit.config);
    const policiesChanged = edit.policyPrint !== this.policiesInForce;
    // Built before anything changes: should it throw, the running settings are still whole.
    const decider = new Decider(edit.policies, edit.config);
    applyLive(this.config, edit.config, plan.live);
    this.policiesInForce = edit.policyPrint;
    target.decider(decider);
    if (plan.live.some((k) => k.startsWith('transfer.') || k === 'scan.fullRescanCron')) target.schedules();
    if (plan.live.includes('log.level')) this.log.setLevel(this.config.log.level);
    if (plan.live.includes('policies.dir')) this.watchFolders();
    this.state.applied++;
    this.state.appliedAt = new Date().toISOString();
    this.describe();
    const what = [...plan.live, ...(policiesChanged && !plan.live.includes('policies.dir') ? ['the policy files'] : [])];
    this.log.info(`config: applied ${what.join(', ') || 'an edit that changes nothing live'} from ${this.config.file} (between passes; the next pass decides with it)`, { event: 'configApplied', keys: plan.live, policies: policiesChanged });
  }

  /** close stops watching. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private async checkNow(): Promise<void> {
    const file = this.config.file;
    let print = fingerprint(file, this.config.policies.dir);
    if (print.all === this.lastSeen) return;
    let edit: Edit;
    try {
      const checked = await loadCheckedConfig(file);
      // The policies folder may have moved with the edit: its files are what the edit brings.
      print = fingerprint(file, checked.config.policies.dir);
      edit = { config: checked.config, policies: checked.policies, policyPrint: print.policies };
    } catch (err) {
      this.lastSeen = print.all;
      return this.rejected(err);
    }
    this.lastSeen = print.all;
    this.state.rejected = null;
    const plan = planReload(this.config, edit.config);
    this.state.restartNeeded = plan.restart;
    for (const key of plan.restart) {
      this.log.warn(`config: ${key} changed in ${file} to ${JSON.stringify(valueAt(edit.config, key))}; it takes effect after a restart of the service (${restartReason(key)}); running with ${JSON.stringify(valueAt(this.config, key))}`, { event: 'configRestartNeeded', key });
    }
    this.describe();
    // An edit of restart keys only has nothing to apply: it is logged and shown, and waits for the restart.
    if (plan.live.length === 0 && edit.policyPrint === this.policiesInForce) return;
    this.pending = edit;
    this.wake();
  }

  private rejected(err: unknown): void {
    // A check that failed for another reason (a bug, not the file) is still a rejected edit: the old settings stay.
    const errors: FieldError[] = err instanceof InputError ? err.errors : [{ file: this.config.file, field: '', expected: 'a config the service can load', found: (err as Error)?.message ?? String(err) }];
    this.pending = null;
    this.state.rejected = { at: new Date().toISOString(), errors };
    this.describe();
    this.log.error(`config: rejected the edit of ${this.config.file} or its policies; the old settings stay in force:\n${formatFieldErrors(errors)}`, { event: 'configRejected', errors });
  }

  private describe(): void {
    const { rejected, restartNeeded } = this.state;
    const parts: string[] = [];
    if (rejected) {
      const first = formatFieldErrors(rejected.errors.slice(0, 1));
      const more = rejected.errors.length > 1 ? ` and ${rejected.errors.length - 1} more` : '';
      parts.push(`rejected edit at ${localTime(rejected.at)} (${first}${more}), old settings in force`);
    }
    if (restartNeeded.length) parts.push(`restart needed for ${restartNeeded.join(', ')} (the old values are in force)`);
    this.state.line = parts.length ? `config: ${parts.join('; ')}` : null;
  }

  /** watchFolders watches the config's folder and the policies folder in force (non-recursive: only their own entries). */
  private watchFolders(): void {
    const configDir = dirname(this.config.file);
    const policyDir = resolve(this.config.policies.dir);
    const want = new Map<string, (name: string) => boolean>([[configDir, (n) => n === basename(this.config.file)]]);
    const policyFiles = (n: string) => n.toLowerCase().endsWith('.json5');
    if (policyDir === configDir) want.set(configDir, (n) => n === basename(this.config.file) || policyFiles(n));
    else want.set(policyDir, policyFiles);
    for (const [dir, w] of this.watchers) if (!want.has(dir)) (w.close(), this.watchers.delete(dir));
    for (const [dir, relevant] of want) {
      this.watchers.get(dir)?.close();
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || relevant(String(name))) this.soon();
        });
        w.on('error', (err) => this.log.warn(`config: watching ${dir} failed (${err.message}); edits there are not seen until a restart`));
        this.watchers.set(dir, w);
      } catch (err) {
        this.log.warn(`config: cannot watch ${dir} (${(err as Error).message}); edits there are not seen until a restart`);
      }
    }
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => ((this.timer = null), void this.check()), RELOAD_QUIET_MS);
  }
}

/** fingerprint hashes the config file and the policy files as they are on disk now (a missing file counts as its own content). */
function fingerprint(file: string, policyDir: string): { all: string; policies: string } {
  const config = createHash('sha256');
  if (file) add(config, file);
  const hash = createHash('sha256');
  try {
    for (const name of readdirSync(policyDir).filter((n) => n.toLowerCase().endsWith('.json5')).sort()) add(hash, resolve(policyDir, name));
  } catch {
    hash.update('no policies folder');
  }
  const policies = hash.digest('hex');
  return { all: `${config.digest('hex')}:${policies}`, policies };
}

function add(hash: Hash, path: string): void {
  hash.update(path).update('\0');
  try {
    hash.update(readFileSync(path));
  } catch (err) {
    hash.update(`missing:${(err as NodeJS.ErrnoException).code}`);
  }
  hash.update('\0');
}
