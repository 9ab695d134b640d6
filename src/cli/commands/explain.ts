import { explainPath, type PathExplanation } from '../../app/explain.js';
import { loadConfig } from '../../config/load.js';
import type { Entry } from '../../model/entry.js';
import type { SideRecord } from '../../model/base.js';
import { InputError } from '../../model/errors.js';
import type { CliContext } from '../context.js';
import { describeAction } from '../render.js';

/** explainCommand prints the facts for a path, the rules that matched, the winner and the planned actions. */
export async function explainCommand(ctx: CliContext): Promise<number> {
  const config = loadConfig(ctx.configFile);
  const path = ctx.args[0];
  if (!path) throw new InputError([{ file: '(command line)', field: 'PATH', expected: 'a path to explain' }]);
  const result = await explainPath(config, path);
  ctx.out(ctx.options.json ? `${JSON.stringify(result, null, 2)}\n` : render(path, result));
  return 0;
}

function entry(e: Entry | SideRecord | undefined): string {
  if (!e) return '—';
  const type = 'type' in e ? `${e.type} ` : '';
  return `${type}${e.rel}  ${e.size} B  mtime ${new Date(e.mtimeMs).toISOString()}  mode ${e.mode.toString(8)}${e.hash ? `  hash ${e.hash.slice(0, 12)}…` : ''}`;
}

function render(path: string, { fact, explanation, actions }: PathExplanation): string {
  if (!fact || !explanation) return `${path}: not present on either side nor in the base\n`;
  const f = explanation.effectiveFacts;
  const lines = [
    `path: ${fact.key}`,
    `  left now:   ${entry(fact.left)}`,
    `  right now:  ${entry(fact.right)}`,
    `  base left:  ${entry(fact.base?.left)}`,
    `  base right: ${entry(fact.base?.right)}`,
    `facts: left ${f.left}, right ${f.right}; sameContent ${f.sameContent}, sameProps ${f.sameProps}, sameNameAndMode ${f.sameNameAndMode}, newer ${f.newer}, ` +
      `typeClash ${f.typeClash}, isLarge ${f.isLarge}, firstSync ${f.firstSync}`,
    `conflict options in force: bothChanged ${f.bothChanged}, bothCreated ${f.bothCreated}, bothPropsChanged ${f.bothPropsChanged}`,
    `scopes consulted (most specific first): ${explanation.scopeChain.map((s) => `${s.scope} [${s.files.join(', ')}]`).join(' → ')}`,
    'rules that match:',
    ...explanation.matched.map((m) => `  ${m.priority}  ${m.ruleId} → ${m.event.type} ${JSON.stringify(m.event.params)}  (${m.scope})`),
  ];
  if (explanation.winner) lines.push(`decision: ${explanation.winner.ruleId} → ${explanation.winner.action}: ${explanation.winner.description}`);
  if (explanation.problem) lines.push(`problem: ${explanation.problem.code}: ${explanation.problem.message}`);
  lines.push(actions.length ? 'a sync would:' : 'a sync would do nothing here', ...actions.map((a) => `  ${describeAction(a)}`));
  return `${lines.join('\n')}\n`;
}
