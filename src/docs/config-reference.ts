import { loadSchema } from '../config/schema-check.js';

interface Prop {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  properties?: Record<string, Prop>;
  items?: Prop;
}

/** configReference renders the config schema as a Markdown table (README's reference is this output). */
export function configReference(): string {
  const schema = loadSchema('config') as { properties: Record<string, Prop> };
  const rows: string[] = ['| key | type | default | meaning |', '|---|---|---|---|'];
  const walk = (props: Record<string, Prop>, prefix: string) => {
    for (const [name, prop] of Object.entries(props)) {
      if (name === '$schema') continue;
      const key = prefix ? `${prefix}.${name}` : name;
      if (prop.properties) {
        walk(prop.properties, key);
        continue;
      }
      const type = prop.enum ? prop.enum.map((v) => JSON.stringify(v)).join(' \\| ') : [prop.type ?? 'object'].flat().join(' \\| ');
      const dflt = prop.default === undefined ? '(required)' : `\`${JSON.stringify(prop.default)}\``;
      rows.push(`| \`${key}\` | ${type} | ${dflt} | ${(prop.description ?? '').replaceAll('|', '\\|')} |`);
    }
  };
  walk(schema.properties, '');
  return `${rows.join('\n')}\n`;
}
