/** CliContext is what every command gets: the resolved option values and where to write. */
export interface CliContext {
  configFile: string;
  options: Record<string, unknown>;
  args: string[];
  out(text: string): void;
}
