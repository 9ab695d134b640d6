/** MailKind says why a message exists; alerts are sent first and regardless of `email.mode`. */
export type MailKind = 'conflict' | 'summary' | 'alert' | 'test';

/** Rendered is a message body in both forms, with its subject (prefix included). */
export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** MailMessage is everything needed to send one mail; it is what the outbox stores. */
export interface MailMessage extends Rendered {
  from: string;
  to: string[];
  headers: Record<string, string>;
  /** Set when sent from the outbox (stable across tries); else the mail library makes one. */
  messageId?: string;
}

/** RenderContext is what every mail says about where it comes from. */
export interface RenderContext {
  /** email.subjectPrefix, e.g. `[syncwarden]`. */
  prefix: string;
  host: string;
  left: string;
  right: string;
  runId: string;
}

/** RUN_HEADER carries the run id, so a mail can be matched with the log lines of its pass. */
export const RUN_HEADER = 'X-Syncwarden-Run';
