import type { protos } from '@google-cloud/aiplatform';

type IValue = protos.google.protobuf.IValue;
type IStruct = protos.google.protobuf.IStruct;

/**
 * Plain JSON to google.protobuf.Value. The client library encodes request messages with
 * protobufjs, which has no JSON mapping for Value/Struct, so callers must build them.
 */
export function toValue(value: unknown): IValue {
  if (value === null || value === undefined) return { nullValue: 'NULL_VALUE' };
  switch (typeof value) {
    case 'number':
      return { numberValue: value };
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'object':
      if (Array.isArray(value)) return { listValue: { values: value.map(toValue) } };
      return { structValue: toStruct(value as Record<string, unknown>) };
    default:
      throw new TypeError(`cannot encode a ${typeof value} as a protobuf Value`);
  }
}

export function toStruct(value: Record<string, unknown>): IStruct {
  const fields: Record<string, IValue> = {};
  for (const [key, field] of Object.entries(value)) fields[key] = toValue(field);
  return { fields };
}

/** google.protobuf.Value (as decoded by the client, `kind` set or not) back to plain JSON. */
export function fromValue(value: IValue | null | undefined): unknown {
  if (!value) return null;
  const kind = (value as { kind?: string }).kind;
  if (kind === 'nullValue') return null;
  if (kind) return kind === 'structValue' || kind === 'listValue' ? fromValue({ [kind]: value[kind] }) : value[kind as keyof IValue];
  if (value.structValue) return fromStruct(value.structValue);
  if (value.listValue) return (value.listValue.values ?? []).map(fromValue);
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.numberValue !== undefined && value.numberValue !== null) return value.numberValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return value.boolValue;
  return null;
}

export function fromStruct(struct: IStruct | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(struct?.fields ?? {})) out[key] = fromValue(field);
  return out;
}
