/** FieldError is one problem in an input file: which file, which field, what was expected. */
export interface FieldError {
  file: string;
  /** Dotted field path (`softDelete.maxSizeMB`, `rules[2].event.type`), or '' for the whole file. */
  field: string;
  expected: string;
  /** What was found, when it helps. */
  found?: string;
}

/** InputError is a fatal error in config, policies, scenarios or usage: exit 2, nothing touched. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(readonly errors: FieldError[], summary?: string) {
    super(summary ?? formatFieldErrors(errors));
    this.name = 'InputError';
  }
}

/** SafetyStop is a guard that halted a pass before any action: exit 3. */
export class SafetyStop extends Error {
  readonly exitCode = 3;
  constructor(readonly reason: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SafetyStop';
  }
}

/** formatFieldErrors renders errors one per line: `file: field: expected …, found …`. */
export function formatFieldErrors(errors: FieldError[]): string {
  return errors
    .map((e) => `${e.file}: ${e.field || '(file)'}: expected ${e.expected}${e.found !== undefined ? `, found ${e.found}` : ''}`)
    .join('\n');
}
