import type { PathExplanation } from '../app/explain.js';
import type { SideRecord } from '../model/base.js';
import type { Entry } from '../model/entry.js';
import type { PathFact } from '../model/fact.js';
import { relOf } from '../plan/expand/context.js';
import { humanSize, localTime } from '../text/units.js';
import { describeAction } from './render.js';

/** How explain words a path that neither side nor the base knows. */
export const UNKNOWN = 'not present on either side nor in the base';

function params(p: Record<string, unknown> | undefined): string {
  return p && Object.keys(p).length ? ` ${JSON.stringify(p)}` : '';
}

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

/** explainText is what `explain` prints (and the web page shows) for one path. */
export function explainText(path: string, { fact, explanation, actions }: PathExplanation): string {
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
