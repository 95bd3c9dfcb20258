/**
 * Structured logs: one JSON object per line on stdout, which Cloud Logging parses into
 * jsonPayload and whose `severity` it maps to the entry's severity.
 */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR';

export interface LogEntry {
  readonly severity: Severity;
  readonly message: string;
  readonly [field: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};
