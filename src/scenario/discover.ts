import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { projectRoot } from '../config/project.js';

/** scenarioDir is the project's folder of scenario files. */
export function scenarioDir(): string {
  return join(projectRoot(), 'test-scenarios');
}

/** findScenarioFiles expands files and folders (recursively, `*.json5`) into sorted absolute file paths. */
export function findScenarioFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (path: string) => {
    if (!statSync(path).isDirectory()) {
      files.push(path);
      return;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.json5')) files.push(child);
    }
  };
  for (const path of paths) visit(resolve(path));
  return [...new Set(files)].sort();
}

/** scenarioLabel names a scenario file for reports: relative to test-scenarios/ when inside it, without `.json5`. */
export function scenarioLabel(file: string): string {
  const inside = relative(scenarioDir(), file);
  const shown = inside.startsWith('..') || isAbsolute(inside) ? relative(process.cwd(), file) : inside;
  return shown.split(sep).join('/').replace(/\.json5$/, '');
}

/** matchesCase tells whether a scenario is selected by a --case filter: a case-insensitive substring of its name or label. */
export function matchesCase(filter: string | undefined, name: string, file: string): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  return name.toLowerCase().includes(needle) || scenarioLabel(file).toLowerCase().includes(needle);
}
