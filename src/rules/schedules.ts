import { isUnresolved } from './tokens';

/** Why `expression` is not a 5-field cron expression, or undefined. */
export function cronProblem(expression: string): string | undefined {
  if (isUnresolved(expression)) return undefined;
  return expression.trim().split(/\s+/).length === 5 ? undefined : `'${expression}' is not a 5-field cron expression; write it like '0 3 * * *' (03:00 daily)`;
}

/**
 * Why `expression` is not a once-a-day cron (`<minute> <hour> * * *`), or undefined. The
 * ingestion DAG lands one object per day and refuses any other cadence when it is parsed.
 */
export function dailyCronProblem(expression: string): string | undefined {
  if (isUnresolved(expression)) return undefined;
  return /^(\d|[1-5]\d) (\d|1\d|2[0-3]) \* \* \*$/.test(expression.trim())
    ? undefined
    : `'${expression}' is not a once-a-day cron; the ingestion DAG lands one file per day, so write '<minute> <hour> * * *', e.g. '0 3 * * *'`;
}

/**
 * Why Cloud Scheduler would reject `timeZone`, or undefined. Terraform plans any string and the
 * API refuses an unknown zone only at apply, so a typo would surface mid-deploy.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (isUnresolved(timeZone)) return undefined;
  const fix = "use an IANA time zone name such as 'Europe/Amsterdam' or 'Etc/UTC'";
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(timeZone)) return `is not a time zone name; ${fix}`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return `is not a known time zone; ${fix}`;
  }
  return undefined;
}
