import { runArgs, windowsCommandLine, type ServiceSpec } from './spec.js';
import { el, renderXml, type XmlNode } from './xml.js';

/** TASK_NAMESPACE is the Task Scheduler schema's namespace; TASK_XML_NAME the file install writes. */
export const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
export const TASK_XML_NAME = 'syncwarden-task.xml';

/** KEEPALIVE_MINUTES is how often the logon trigger repeats: a stopped or crashed run is started again within it. */
export const KEEPALIVE_MINUTES = 5;

/**
 * taskXml writes a per-user Task Scheduler task (schema version 1.3): it starts at the user's log on, in
 * that user's session, where a cloud drive mounted by the user (pCloud's P:) exists; it has no execution
 * time limit; and it comes back after a crash. Task Scheduler's RestartOnFailure covers a start that
 * fails; a process that exits is started again by the trigger's repetition, while IgnoreNew keeps a
 * running instance the only one.
 */
export function taskXml(spec: ServiceSpec): string {
  const task: XmlNode = {
    name: 'Task',
    attrs: { version: '1.3', xmlns: TASK_NAMESPACE },
    children: [
      { name: 'RegistrationInfo', children: [el('Author', spec.user), el('Description', spec.description), el('URI', `\\${spec.id}`)] },
      { name: 'Triggers', children: [logonTrigger(spec)] },
      {
        name: 'Principals',
        children: [{
          name: 'Principal', attrs: { id: 'Author' },
          children: [el('UserId', spec.user), el('LogonType', 'InteractiveToken'), el('RunLevel', 'LeastPrivilege')],
        }],
      },
      settings(spec),
      {
        name: 'Actions', attrs: { Context: 'Author' },
        children: [{ name: 'Exec', children: [el('Command', spec.node), el('Arguments', windowsCommandLine(runArgs(spec))), el('WorkingDirectory', spec.workDir)] }],
      },
    ],
  };
  return `<?xml version="1.0" encoding="UTF-16"?>\n<!-- Written by syncwarden service install (task mode). Edit the config, not this file. -->\n${renderXml(task)}`;
}

function logonTrigger(spec: ServiceSpec): XmlNode {
  return {
    name: 'LogonTrigger',
    children: [
      el('Enabled', true),
      // No Duration: the repetition goes on for as long as the user stays logged on.
      { name: 'Repetition', children: [el('Interval', `PT${KEEPALIVE_MINUTES}M`), el('StopAtDurationEnd', false)] },
      el('UserId', spec.user),
      el('Delay', 'PT30S'),
    ],
  };
}

function settings(spec: ServiceSpec): XmlNode {
  const firstDelayMin = Math.max(1, Math.ceil((spec.restartDelaysSec[0] ?? 60) / 60));
  return {
    name: 'Settings',
    children: [
      el('MultipleInstancesPolicy', 'IgnoreNew'),
      el('DisallowStartIfOnBatteries', false),
      el('StopIfGoingOnBatteries', false),
      el('AllowHardTerminate', true),
      el('StartWhenAvailable', true),
      el('RunOnlyIfNetworkAvailable', false),
      { name: 'IdleSettings', children: [el('StopOnIdleEnd', false), el('RestartOnIdle', false)] },
      el('AllowStartOnDemand', true),
      el('Enabled', true),
      el('Hidden', false),
      el('RunOnlyIfIdle', false),
      el('WakeToRun', false),
      // PT0S: no execution time limit (the default would stop the sync after 72 hours).
      el('ExecutionTimeLimit', 'PT0S'),
      el('Priority', 7),
      { name: 'RestartOnFailure', children: [el('Interval', `PT${firstDelayMin}M`), el('Count', 255)] },
    ],
  };
}

/** utf16le encodes a task XML as Task Scheduler's own exports are: UTF-16 little-endian with a byte-order mark. */
export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
