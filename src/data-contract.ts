import * as fs from 'fs';
import { packageAssets } from './assets';
import type { BigQueryField } from './constructs/bigquery-table';

/** The ingestion DAG's data contract (assets/dags/mlops_ingest/iris.schema.json), as far as the infrastructure reads it. */
export interface DataContract {
  readonly name: string;
  readonly label: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** Contract types to BigQuery types, the same table as the DAG's load job (mlops_ingest/warehouse.py). */
const BIGQUERY_TYPES: Readonly<Record<string, string>> = { float: 'FLOAT64', int: 'INT64', string: 'STRING' };

/** The contract the ingestion DAG checks every CSV against. */
export function ingestionContractFile(): string {
  return packageAssets('dags', 'mlops_ingest', 'iris.schema.json');
}

export function loadContract(file: string = ingestionContractFile()): DataContract {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`data contract '${file}' cannot be read as JSON: ${(e as Error).message}`);
  }
  const c = parsed as Partial<DataContract>;
  if (typeof c.name !== 'string' || !Array.isArray(c.columns) || c.columns.length === 0) {
    throw new Error(`data contract '${file}' needs a 'name' and a non-empty 'columns' list`);
  }
  return c as DataContract;
}

/**
 * The contract's columns as a BigQuery schema: every column REQUIRED, as the DAG's load job
 * states it, so a table made from this and the load job can never disagree.
 */
export function bigQuerySchemaOf(contract: DataContract): BigQueryField[] {
  return contract.columns.map((col, i) => {
    const type = BIGQUERY_TYPES[col.type];
    if (!type) throw new Error(`data contract '${contract.name}': columns[${i}] '${col.name}' has type '${col.type}', which has no BigQuery type here; use one of ${Object.keys(BIGQUERY_TYPES).join(', ')}`);
    return { name: col.name, type, mode: 'REQUIRED' };
  });
}

/** The table the pipeline's record_run step appends one row per run to, as far as the infrastructure reads it. */
export interface RunRowsTable {
  readonly table: string;
  readonly schema: BigQueryField[];
}

/**
 * The run rows' schema file (assets/looker/pipeline_runs.schema.json). It states record_run.py's
 * RUN_COLUMNS as JSON, which synth can read without Python; the Looker tests hold the two equal.
 */
export function runRowsSchemaFile(): string {
  return packageAssets('looker', 'pipeline_runs.schema.json');
}

const FIELD_MODES = ['NULLABLE', 'REQUIRED', 'REPEATED'] as const;

export function loadRunRowsTable(file: string = runRowsSchemaFile()): RunRowsTable {
  let parsed: { table?: unknown; columns?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`run rows schema '${file}' cannot be read as JSON: ${(e as Error).message}`);
  }
  if (typeof parsed.table !== 'string' || !Array.isArray(parsed.columns) || parsed.columns.length === 0) {
    throw new Error(`run rows schema '${file}' needs a 'table' and a non-empty 'columns' list`);
  }
  const schema = (parsed.columns as { name?: unknown; type?: unknown; mode?: unknown }[]).map((c, i) => {
    if (typeof c.name !== 'string' || typeof c.type !== 'string' || !FIELD_MODES.includes(c.mode as (typeof FIELD_MODES)[number])) {
      throw new Error(`run rows schema '${file}': columns[${i}] ${JSON.stringify(c)} needs a name, a type and a mode (one of ${FIELD_MODES.join(', ')})`);
    }
    return { name: c.name, type: c.type, mode: c.mode as BigQueryField['mode'] };
  });
  return { table: parsed.table, schema };
}
