import { SIDES } from '../model/side.js';
import { checkSmtp } from './check-mail.js';
import { checkRootsListable } from './check-roots.js';
import { checkClock, checkStateWritable, readHistory } from './check-state.js';
import { checkConfig, checkPolicies } from './check-setup.js';
import { checkDisk, checkInotify, checkLongPaths, listBoth } from './check-tree.js';
import { mountedVerdict } from './verdicts.js';
import type { CheckResult } from './types.js';

/** CHECK_GROUPS are the names `--only` takes, in the order the checklist runs them (config always runs first). */
export const CHECK_GROUPS = ['policies', 'roots', 'mounted', 'state', 'clock', 'mail', 'inotify', 'paths', 'disk'] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

export interface DoctorOptions {
  /** Also check the SMTP server (a network round trip). */
  mail?: boolean;
  /** Run only these groups (after the config); default all. */
  only?: readonly CheckGroup[];
}

/**
 * runDoctor runs the checklist for one config as this process's account: every check that can run does,
 * so one run shows every problem; a check that needs what failed before it (a listing of a root that
 * cannot be listed) is left out.
 */
export async function runDoctor(configFile: string, options: DoctorOptions = {}): Promise<CheckResult[]> {
  const wants = (group: CheckGroup) => !options.only || options.only.includes(group);
  const { config, results } = checkConfig(configFile);
  if (!config) return results;
  if (wants('policies')) results.push(await checkPolicies(config));
  const roots = checkRootsListable(config);
  if (wants('roots')) results.push(...roots);
  const listable = new Set(SIDES.filter((side) => roots.find((r) => r.id === `roots.${side}`)?.mark === 'ok'));
  const needsHistory = wants('mounted') || wants('clock');
  const history = needsHistory ? await readHistory(config) : { baseFiles: 0, lastPassEnd: null };
  if (listable.size === 2 && (wants('mounted') || wants('inotify') || wants('paths') || wants('disk'))) {
    const listing = await listBoth(config);
    if (wants('mounted')) {
      for (const side of SIDES) {
        const tree = [...listing[side].values()];
        const present = { files: tree.filter((e) => e.type === 'file').length, dirs: tree.filter((e) => e.type === 'dir').length };
        results.push(mountedVerdict(side, config[side], present, history.baseFiles));
      }
    }
    if (wants('inotify')) results.push(checkInotify(config, listing));
    if (wants('paths')) results.push(checkLongPaths(config, listing));
    if (wants('disk')) results.push(...checkDisk(config, listing));
  }
  if (wants('state')) results.push(checkStateWritable(config));
  if (wants('clock')) results.push(...checkClock(config, history, listable));
  if (wants('mail')) results.push(await checkSmtp(config, options.mail === true));
  return results;
}
