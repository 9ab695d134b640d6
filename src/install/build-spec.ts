import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Config } from '../config/config.js';
import { projectRoot } from '../config/project.js';
import { SERVICE_DEFAULTS, SERVICE_ID, type ServiceSpec } from './spec.js';

/** Where is the running install: its Node (process.execPath: the packaged node.exe, or npm's Node 22), bin/ and folder. */
export interface Where {
  node: string;
  script: string;
  workDir: string;
}

/** hereInstall describes the install this process runs from: a service starts this very Node, directly. */
export function hereInstall(): Where {
  const root = projectRoot();
  return { node: process.execPath, script: join(root, 'bin', 'syncwarden'), workDir: root };
}

/** defaultAccount is the account to run as when --user is not given: you (on Linux under sudo, the sudo user). */
export function defaultAccount(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = process.env): string {
  const me = userInfo().username;
  if (platform === 'win32') return `${env.USERDOMAIN ?? '.'}\\${env.USERNAME ?? me}`;
  return env.SUDO_USER || me;
}

/** serviceSpec builds the definition of the service for a loaded config, an account and an install. */
export function serviceSpec(config: Config, user: string, where: Where): ServiceSpec {
  return {
    id: SERVICE_ID,
    name: SERVICE_ID,
    description: `syncwarden: two-way sync of ${config.left} and ${config.right} (config ${config.file})`,
    node: where.node,
    script: where.script,
    configFile: config.file,
    workDir: where.workDir,
    user,
    logDir: config.log.dir,
    ...SERVICE_DEFAULTS,
    restartDelaysSec: [...SERVICE_DEFAULTS.restartDelaysSec],
  };
}

