/**
 * The request schema, derived from the data contract (the same file the ingestion DAG checks
 * CSVs against and the pipeline trains on), so the service accepts exactly the features the
 * model was trained with, in the ranges the contract allows.
 */
import * as fs from 'node:fs';

export interface ContractColumn {
  readonly name: string;
  readonly type: 'float' | 'int' | 'string';
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
}

export interface Feature extends ContractColumn {
  /** A value to prefill the page with. */
  readonly example: number | string;
}

export interface InstanceSchema {
  readonly name: string;
  readonly description?: string;
  /** Feature columns in contract order: the order of an `array` instance. */
  readonly features: readonly Feature[];
  /** JSON Schema of one instance. */
  readonly jsonSchema: Record<string, unknown>;
}

export function loadInstanceSchema(file: string): InstanceSchema {
  let contract: { name?: string; description?: string; label?: string; columns?: ContractColumn[] };
  try {
    contract = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`INSTANCE_SCHEMA_FILE '${file}' is not a readable JSON data contract: ${(err as Error).message}`);
  }
  if (!Array.isArray(contract.columns) || contract.columns.length === 0) {
    throw new Error(`INSTANCE_SCHEMA_FILE '${file}' has no columns: expected {"label": ..., "columns": [{"name", "type"}, ...]}`);
  }
  const features = contract.columns.filter((c) => c.name !== contract.label).map(toFeature);
  const properties = Object.fromEntries(features.map((f) => [f.name, propertySchema(f)]));
  return {
    name: contract.name ?? 'instance',
    description: contract.description,
    features,
    jsonSchema: {
      type: 'object',
      properties,
      required: features.map((f) => f.name),
      additionalProperties: false,
    },
  };
}

function toFeature(column: ContractColumn): Feature {
  if (column.type === 'string') return { ...column, example: column.values?.[0] ?? '' };
  const lo = column.min ?? 0;
  const hi = column.max ?? lo + 10;
  const mid = lo + (hi - lo) / 6;
  return { ...column, example: column.type === 'int' ? Math.round(mid) : Math.round(mid * 10) / 10 };
}

function propertySchema(f: ContractColumn): Record<string, unknown> {
  if (f.type === 'string') return f.values ? { type: 'string', enum: [...f.values] } : { type: 'string', maxLength: 1024 };
  return {
    type: f.type === 'int' ? 'integer' : 'number',
    ...(f.min !== undefined ? { minimum: f.min } : {}),
    ...(f.max !== undefined ? { maximum: f.max } : {}),
  };
}

/**
 * The canonical form of a validated instance: its values in contract order. Key order, spacing
 * and number spelling (`5`, `5.0`, `5e0`) in the request do not change it, so equal questions
 * share one cache entry.
 */
export function canonicalValues(schema: InstanceSchema, instance: Record<string, unknown>): unknown[] {
  return schema.features.map((f) => instance[f.name]);
}
