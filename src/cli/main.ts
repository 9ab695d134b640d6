import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cac, type CAC } from 'cac';
import { projectRoot } from '../config/project.js';
import type { CliContext } from './context.js';
import { EXIT, reportError, reportUsage } from './exit.js';
import { stopOnSignal } from './stop.js';

type Handler = (ctx: CliContext) => Promise<number>;

/** lazy loads a command's module only when that command runs: a pass should not pay for every command's imports. */
function lazy(load: () => Promise<Handler>): Handler {
  return async (ctx) => (await load())(ctx);
}

const version = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).version as string;

/** main parses argv, runs one command and returns its exit code. */
export async function main(rawArgv: string[]): Promise<number> {
  const argv = helpAsFlag(rawArgv);
  // Known before parsing, so even a command line cac rejects answers in JSON when JSON was asked for.
  const json = argv.includes('--json');
  const cli = cac('syncwarden');
  let pending: Promise<number> | undefined;
  const run = (handler: Handler) => (...params: unknown[]) => {
    const options = params.pop() as Record<string, unknown>;
    const args = params.flat().filter((p): p is string => typeof p === 'string');
    const ctx: CliContext = {
      configFile: String(options.config ?? './config.json5'),
      options,
      args,
      out: (text) => process.stdout.write(text),
    };
    pending = handler(ctx);
  };

  cli.option('--config <file>', 'Config file', { default: './config.json5' });
  cli.command('validate', 'Load config, policies and schemas; report every error')
    .option('--json', 'Print the outcome as JSON')
    .example('syncwarden validate --config office.json5')
    .action(run(lazy(() => import('./commands/validate.js').then((m) => m.validateCommand))));
  cli.command('scan', 'Dry scan summary: files and folders on each side, only left, only right, both')
    .option('--json', 'Print the summary as one JSON object')
    .example('syncwarden scan --config office.json5')
    .action(run(lazy(() => import('./commands/scan.js').then((m) => m.scanCommand))));
  cli.command('scenario [...files]', 'Run scenario files (default: every test-scenarios/**/*.json5); exit 1 on any failure')
    .option('--update-golden', "Rewrite each scenario's expect from the actual outcome (review the diff)")
    .option('--case <name>', 'Run only the scenarios whose name or file contains NAME')
    .option('--include-pending', 'Also run pending scenarios (a failing one still reports SKIP)')
    .option('--case-insensitive-fs', 'Run every pass through the case-insensitive file-system port (Windows name semantics)')
    .option('--json', 'Print the outcomes as JSON')
    .example('syncwarden scenario --case bothChanged')
    .action(run(lazy(() => import('./commands/scenario.js').then((m) => m.scenarioCommand))));
  cli.command('sync [...paths]', 'One reconcile pass (limited to PATHs when given)')
    .option('--dry-run', 'Print the plan; change nothing (state included)')
    .option('--json', 'Print the report as JSON')
    .option('--force', 'Let a pass through the delete and time-shift guards')
    .example('syncwarden sync --dry-run')
    .example('syncwarden sync Accounts/2026')
    .action(run(lazy(() => {
      // The walk workers boot (~60 ms of CPU each, on the other cores) while this thread loads the pass's modules.
      // (Should this import fail, the command's own import of the same module reports it.)
      void import('../scan/walk-pool.js').then((m) => m.warmScanWorkers(), () => undefined);
      return import('./commands/sync.js').then((m) => m.syncCommand);
    })));
  cli.command('explain <path>', 'The facts for a path, the policy rules that match, the decision and the actions')
    .option('--json', 'Print as JSON')
    .example('syncwarden explain Accounts/ledger.xlsx')
    .action(run(lazy(() => import('./commands/explain.js').then((m) => m.explainCommand))));
  cli.command('run', 'The service: watch both roots and keep them in sync until Ctrl+C / SIGTERM')
    .example('syncwarden run --config office.json5')
    .action(run(lazy(() => import('./commands/run.js').then((m) => m.runCommand))));
  cli.command('resync [...paths]', 'Reprocess files or folders now (through the running service, or directly when none runs)')
    .option('--json', 'Print the report as JSON')
    .example('syncwarden resync Accounts/2026')
    .action(run(lazy(() => import('./commands/resync.js').then((m) => m.resyncCommand))));
  cli.command('status', 'First line: in sync or not (and why); then the last run, the last 24 hours, the last safety stop and failures, open conflicts')
    .option('--json', 'Print as JSON')
    .action(run(lazy(() => import('./commands/status.js').then((m) => m.statusCommand))));
  cli.command('history', 'What the passes did, from the log (rotated files too): every copy, rename, trash, delete, conflict, failure and stop')
    .option('--since <time>', 'Only entries newer than this: 30m, 24h, 7d, or a date/time such as 2026-11-25T08:00')
    .option('--path <path>', 'Only this file, or everything under this folder (either side; a rename matches by its old or new path)')
    .option('--action <names>', 'Only these actions, comma-separated: copy, rename, trash, delete (for good), conflict, mkdir, rmdir, props, purge (expired trash), restore, stop')
    .option('--failed', 'Only failed actions and safety stops')
    .option('--json', 'Print the entries as JSON')
    .example('syncwarden history --since 24h --action delete,trash')
    .example('syncwarden history --path Accounts/2026 --json')
    .action(run(lazy(() => import('./commands/history.js').then((m) => m.historyCommand))));
  cli.command('conflicts', 'List open conflicts (with --all, settled ones too)')
    .option('--all', 'Include settled conflicts')
    .option('--json', 'Print as JSON')
    .action(run(lazy(() => import('./commands/conflicts.js').then((m) => m.conflictsCommand))));
  cli.command('resolve <path>', 'Settle an open conflict: keep left, right, or both')
    .option('--keep <side>', 'left | right | both (both: the older version becomes a clash file on both sides)')
    .option('--json', 'Print as JSON')
    .example('syncwarden resolve Accounts/ledger.xlsx --keep left')
    .action(run(lazy(() => import('./commands/resolve.js').then((m) => m.resolveCommand))));
  cli.command('versions [path]', 'The versions of a file kept in the trash (deleted or overwritten by the sync), newest first; a folder lists everything under it')
    .option('--json', 'Print as JSON')
    .example('syncwarden versions Accounts/ledger.xlsx')
    .action(run(lazy(() => import('./commands/versions.js').then((m) => m.versionsCommand))));
  cli.command('restore <path>', 'Bring a version back from the trash through the executor; what is there goes to the trash first, and the next pass syncs it like an edit')
    // cac leaves an option named `version` out of a command's help: the usage line names it.
    .usage('restore <path> [--version ID|TIME] [--to left|right|both] [--dry-run] [--json]')
    .option('--version <id>', 'The version: its id, or its time as versions shows it (default: the newest)')
    .option('--to <side>', "left | right | both (default: the version's own side)")
    .option('--dry-run', 'Say what would be done; change nothing')
    .option('--json', 'Print as JSON')
    .example('syncwarden restore Accounts/ledger.xlsx')
    .example('syncwarden restore Accounts/ledger.xlsx --version 3f2a9c1e0b7d --to both')
    .action(run(lazy(() => import('./commands/restore.js').then((m) => m.restoreCommand))));
  cli.command('mail-test', 'Send one test mail now through email.smtp; exit 1 on an SMTP error, 2 if email is not configured')
    .option('--json', 'Print the outcome as JSON')
    .example('syncwarden mail-test --config office.json5')
    .action(run(lazy(() => import('./commands/mail-test.js').then((m) => m.mailTestCommand))));
  cli.command('doctor', 'Checklist of the setup (config, policies, roots, drive mounted, state, clock, limits); exit 1 when a check fails')
    .option('--mail', 'Also connect to the SMTP server and log in (sends nothing)')
    .option('--only <checks>', 'Only these checks, comma-separated: policies, roots, mounted, state, clock, mail, inotify, paths, disk')
    .option('--json', 'Print the results as JSON')
    .example('syncwarden doctor --mail --config office.json5')
    .action(run(lazy(() => import('./commands/doctor.js').then((m) => m.doctorCommand))));
  cli.command('service <action>', 'install | uninstall | print the Windows service (WinSW) or logon task, or the systemd unit on Linux')
    .option('--mode <mode>', 'service (Windows service / systemd unit) or task (Windows: per-user Task Scheduler task at log on)', { default: 'service' })
    .option('--user <account>', 'Account it runs as (default: you; on Linux under sudo, the sudo user)')
    .option('--dest <dir>', 'Write the definition into this folder instead of its system place (install registers nothing then)')
    .option('--winsw <exe>', 'WinSW executable (default: syncwarden-service.exe in the install folder)')
    .example('syncwarden service install --config C:\\syncwarden\\office.json5')
    .example('syncwarden service print --mode task')
    .action(run(lazy(() => import('./commands/service.js').then((m) => m.serviceCommand))));
  cli.command('demo', 'Create the demo folders of config.json5 with sample files if missing, then sync them (--watch: run the service on them)')
    .option('--watch', 'Run the service on them until Ctrl+C (what npm start does)')
    .option('--json', 'Print the report as JSON (without --watch)')
    .action(run(lazy(() => import('./commands/demo.js').then((m) => m.demoCommand))));
  cli.help();
  // Not cac's global `-v, --version`: as a global boolean it would swallow `restore --version ID`'s value.
  cli.globalCommand.versionNumber = version;
  if (isVersionAsk(argv)) {
    process.stdout.write(`syncwarden/${version} ${process.platform}-${process.arch} node-${process.version}\n`);
    return EXIT.ok;
  }

  try {
    cli.parse(argv, { run: false });
    if (cli.options.help) return EXIT.ok;
    giveBackFlagValues(cli);
    if (!cli.matchedCommand) {
      const message = cli.args.length ? `unknown command: ${cli.args[0]}` : 'no command given';
      process.stderr.write(`${message}\n\n`);
      if (!json) cli.outputHelp();
      return reportUsage(message, json);
    }
    await cli.runMatchedCommand();
    return pending ? await pending : EXIT.ok;
  } catch (err) {
    if ((err as Error).name === 'CACError') {
      process.stderr.write(`${(err as Error).message}\n\n`);
      if (!json) cli.outputHelp();
      return reportUsage((err as Error).message, json);
    }
    return reportError(err, json);
  }
}

/** isVersionAsk tells whether the command line asks for the program's version (`-v` or `--version`, no command). */
function isVersionAsk(argv: string[]): boolean {
  const rest = argv.slice(2).filter((a, i, all) => a !== '--config' && all[i - 1] !== '--config');
  return rest.some((a) => a === '--version' || a === '-v') && !rest.some((a) => !a.startsWith('-'));
}

/** helpAsFlag reads `syncwarden help [COMMAND]` as `syncwarden [COMMAND] --help`. */
function helpAsFlag(argv: string[]): string[] {
  if (argv[2] !== 'help') return argv;
  return [...argv.slice(0, 2), ...argv.slice(3), '--help'];
}

stopOnSignal();
process.exitCode = await main(process.argv);

/**
 * giveBackFlagValues undoes a cac quirk: a dashed flag (`--dry-run`) is not known to its parser as a
 * boolean, so `sync --dry-run Accounts` would read `Accounts` as the flag's value instead of a path.
 */
function giveBackFlagValues(cli: CAC): void {
  for (const option of cli.matchedCommand?.options ?? []) {
    if (!option.isBoolean) continue;
    const value = cli.options[option.name];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    (cli.args as string[]).push(String(value));
    cli.options[option.name] = true;
  }
}
