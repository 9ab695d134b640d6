import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectRoot } from '../../src/config/project.js';

/** toolPath finds an executable on PATH (null when it is not installed here), so a test can skip with the reason. */
export function toolPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** missing gives node:test's skip reason for a tool that is not installed, or false when it is. */
export function missing(tool: string, pkg: string): string | false {
  return toolPath(tool) ? false : `${tool} is not installed (Debian package ${pkg}; .ci/run installs it)`;
}

/** xmllintSchema validates an XML file against a schema of test/schemas with libxml2; returns its exit code and messages. */
export function xmllintSchema(file: string, schema: string): { code: number | null; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', join(projectRoot(), 'test', 'schemas', schema), file], { encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * matchSnapshot compares text with test/snapshots/<name>; UPDATE_SNAPSHOTS=1 rewrites the file instead (review
 * the diff), and a missing snapshot is written once and fails, so a new one is always looked at.
 */
export function matchSnapshot(name: string, text: string): { ok: boolean; expected: string } {
  const file = join(projectRoot(), 'test', 'snapshots', name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) {
    const had = existsSync(file);
    writeFileSync(file, text);
    return { ok: had, expected: text };
  }
  const expected = readFileSync(file, 'utf8');
  return { ok: expected === text, expected };
}
