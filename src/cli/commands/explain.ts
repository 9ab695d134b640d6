import { explainPath, type PathExplanation } from '../../app/explain.js';
import { loadConfig } from '../../config/load.js';
import type { Entry } from '../../model/entry.js';
import type { PathFact } from '../../model/fact.js';
import type { SideRecord } from '../../model/base.js';
import { InputError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { relOf } from '../../plan/expand/context.js';
import { describeAction } from '../render.js';
import { humanSize, localTime } from '../../text/units.js';

function params(p: Record<string, unknown> | undefined): string {
  return p && Object.keys(p).length ? ` ${JSON.stringify(p)}` : '';
}

/** explainCommand prints the facts for a path, the rules that matched, the winner and the planned actions. */
export async function explainCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const path = ctx.args[0];
  if (!path) throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'a path to explain' }]);
  const result = await explainPath(config, path);
  if (ctx.options.json) ctx.out(`${JSON.stringify(result.fact ? { path, found: true, ...result } : { path, found: false, message: UNKNOWN }, null, 2)}\n`);
  else ctx.out(render(path, result));
  return 0;
}

const UNKNOWN = 'not present on either side nor in the base';

function entry(e: Entry | SideRecord | undefined): string {
  if (!e) return '—';
  const type = 'type' in e ? `${e.type} ` : '';
  return `${type}${e.rel}  ${humanSize(e.size)}  mtime ${localTime(e.mtimeMs)}  mode ${e.mode.toString(8)}${e.hash ? `  hash ${e.hash.slice(0, 12)}…` : ''}`;
}

// The path as spelled on disk; the key (case-folded, NFC) only when it reads differently.
function spelled(fact: PathFact): string {
  const rel = relOf(fact);
  return rel === fact.key ? rel : `${rel}  (key ${fact.key})`;
}

function render(path: string, { fact, explanation, actions }: PathExplanation): string {
  if (!fact || !explanation) return `${path}: ${UNKNOWN}\n`;
  const f = explanation.effectiveFacts;
  const lines = [
    `path: ${spelled(fact)}`,
    `  left now:   ${entry(fact.left)}`,
    `  right now:  ${entry(fact.right)}`,
    `  base left:  ${entry(fact.base?.left)}`,
    `  base right: ${entry(fact.base?.right)}`,
    `facts: left ${f.left}, right ${f.right}; sameContent ${f.sameContent}, sameProps ${f.sameProps}, sameNameAndMode ${f.sameNameAndMode}, newer ${f.newer}, ` +
      `typeClash ${f.typeClash}, isLarge ${f.isLarge}, firstSync ${f.firstSync}`,
    `conflict options in force: bothChanged ${f.bothChanged}, bothCreated ${f.bothCreated}, bothPropsChanged ${f.bothPropsChanged}`,
    `scopes consulted (most specific first): ${explanation.scopeChain.map((s) => `${s.scope} [${s.files.join(', ')}]`).join(' → ')}`,
    'rules that match:',
    ...explanation.matched.map((m) => `  ${m.priority}  ${m.ruleId} → ${m.event.type}${params(m.event.params)}  in ${m.scope}`),
  ];
  if (explanation.winner) lines.push(`decision: ${explanation.winner.ruleId} → ${explanation.winner.action}: ${explanation.winner.description}`);
  if (explanation.problem) lines.push(`problem: ${explanation.problem.code}: ${explanation.problem.message}`);
  lines.push(actions.length ? 'a sync would:' : 'a sync would do nothing here', ...actions.map((a) => `  ${describeAction(a)}`));
  return `${lines.join('\n')}\n`;
}
