/**
 * How a failure is handled. `duplicate`: the job already exists, the work is done.
 * `permanent`: retrying cannot help (bad request, missing template, no permission): log it and
 * acknowledge the event. `transient`: let Eventarc deliver the event again.
 */
export type FailureKind = 'duplicate' | 'permanent' | 'transient';

/** gRPC status codes (google.rpc.Code), named so the tables below read as prose. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

const CODE_NAMES = Object.fromEntries(Object.entries(GrpcCode).map(([name, code]) => [code, name]));

/** Codes for which the same request cannot succeed later. Anything else is retried. */
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  GrpcCode.INVALID_ARGUMENT,
  GrpcCode.NOT_FOUND,
  GrpcCode.PERMISSION_DENIED,
  GrpcCode.FAILED_PRECONDITION,
  GrpcCode.OUT_OF_RANGE,
  GrpcCode.UNIMPLEMENTED,
  GrpcCode.UNAUTHENTICATED,
]);

export function grpcCodeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export function grpcCodeName(code: number | undefined): string {
  return code === undefined ? 'NO_STATUS' : (CODE_NAMES[code] ?? `CODE_${code}`);
}

/**
 * Errors without a gRPC status (a reset socket, a token refresh that timed out) are treated
 * as transient: Eventarc's retry window bounds how long that can go on.
 */
export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof TemplateError) return err.permanent ? 'permanent' : 'transient';
  const code = grpcCodeOf(err);
  if (code === GrpcCode.ALREADY_EXISTS) return 'duplicate';
  if (code !== undefined && PERMANENT_CODES.has(code)) return 'permanent';
  return 'transient';
}

/** The compiled pipeline template could not be read or is not a pipeline spec. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The server's own words, without gax's "5 NOT_FOUND: " prefix. */
export function errorDetails(err: unknown): string {
  const e = err as { details?: unknown; message?: unknown } | null;
  if (typeof e?.details === 'string' && e.details) return e.details;
  if (typeof e?.message === 'string') return e.message.replace(/^\d+ [A-Z_]+: /, '');
  return String(err);
}
