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
