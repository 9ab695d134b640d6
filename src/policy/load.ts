import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { parseJson5File } from '../config/load.js';
import { schemaErrors } from '../config/schema-check.js';
import { InputError, formatFieldErrors, type FieldError } from '../model/errors.js';
import { buildLevels } from './levels.js';
import type { PolicyFile, PolicyRule, PolicySet, TopCondition } from './types.js';
import { checkPolicySemantics } from './validate.js';

/**
 * loadPolicies reads every `*.json5` file in `dir` (sorted by name), validates each against the schema
 * and the semantic checks, groups them into scope levels, and throws one InputError listing every
 * problem in every file.
 */
export function loadPolicies(dir: string, config: Pick<Config, 'caseInsensitive'>): PolicySet {
  const abs = resolve(dir);
  const errors: FieldError[] = [];
  const files: PolicyFile[] = [];
  let order = 0;
  for (const name of policyFileNames(abs, errors)) {
    const file = join(abs, name);
    const parsed = parseOne(file, errors);
    if (parsed === undefined) continue;
    const found = [...schemaErrors('policy', parsed, file)];
    const { errors: semantic, factsRead } = checkPolicySemantics(parsed, file);
    // A field the schema already rejected is not reported twice; a bare "required" gives way to the semantic
    // check's words, which name the values (typeClash's keepName: one of "folder", "file", …).
    const named = new Set(semantic.map((e) => e.field));
    const kept = found.filter((e) => !(e.expected === 'a value (required)' && named.has(e.field)));
    const seen = new Set(kept.map((e) => e.field));
    found.splice(0, found.length, ...kept, ...semantic.filter((e) => !seen.has(e.field)));
    errors.push(...found.map((e) => namedRule(e, parsed)));
    if (found.length) continue;
    const policy = toPolicyFile(parsed as RawPolicy, file, order);
    order += policy.rules.length;
    files.push({ ...policy, factsRead });
  }
  const built = buildLevels(files, config.caseInsensitive);
  errors.push(...built.errors);
  if (errors.length) throw new InputError(errors, `${errors.length} error(s) in the policies in ${abs}:\n${formatFieldErrors(errors)}`);
  return { dir: abs, files, levels: built.levels, caseInsensitive: config.caseInsensitive };
}

interface RawPolicy {
  description?: string;
  scope?: string;
  conflicts?: PolicyFile['conflicts'];
  movesOut?: PolicyFile['movesOut'];
  rules?: { name: string; description?: string; priority: number; conditions: TopCondition; event: PolicyRule['event'] }[];
}

function policyFileNames(dir: string, errors: FieldError[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.json5')).sort();
  } catch (err) {
    errors.push({ file: dir, field: '', expected: 'a readable folder of *.json5 policy files (policies.dir)', found: (err as NodeJS.ErrnoException).code ?? 'error' });
    return [];
  }
  if (names.length === 0) errors.push({ file: dir, field: '', expected: 'at least one *.json5 policy file (policies.dir)', found: 'none' });
  return names;
}

/** namedRule adds the rule's name to a field inside it (`rules[28] 'deletedLeft'.event.params.on`), so an error can be found by name. */
function namedRule(error: FieldError, parsed: unknown): FieldError {
  const at = /^rules\[(\d+)\]/.exec(error.field);
  const rules = (parsed as { rules?: unknown }).rules;
  const name = at && Array.isArray(rules) ? (rules[Number(at[1])] as { name?: unknown } | undefined)?.name : undefined;
  return typeof name === 'string' ? { ...error, field: `${at![0]} '${name}'${error.field.slice(at![0].length)}` } : error;
}

function parseOne(file: string, errors: FieldError[]): unknown {
  try {
    return parseJson5File(file);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    errors.push(...err.errors);
    return undefined;
  }
}

function toPolicyFile(raw: RawPolicy, file: string, order: number): Omit<PolicyFile, 'factsRead'> {
  const name = basename(file);
  return {
    file,
    name,
    description: raw.description ?? '',
    scope: raw.scope ?? null,
    conflicts: { ...raw.conflicts },
    ...(raw.movesOut !== undefined ? { movesOut: raw.movesOut } : {}),
    rules: (raw.rules ?? []).map((rule, i) => ({
      name: rule.name,
      ruleId: `${name}#${rule.name}`,
      description: rule.description ?? '',
      priority: rule.priority,
      conditions: rule.conditions,
      event: { type: rule.event.type, params: Object.freeze({ ...rule.event.params }) },
      order: order + i,
    })),
  };
}
