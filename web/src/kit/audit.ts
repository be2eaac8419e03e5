// What one audit entry changed, field by field, for the history tab: on a create, every field
// that has a value; on a change, the fields whose value differs (compared as JSON).
export interface HistoryField {
  key: string;
  label: string;
  /** The value as the user reads it (a directory name, a unit, 是/否); default: as text. */
  show?: (value: unknown) => string;
  /** The value is a user id (its name is looked up). */
  user?: boolean;
}

export interface HistoryChange {
  field: string;
  label: string;
  from: string;
  to: string;
}

/** The audit record's before/after objects are free-form JSON. */
export function auditSide(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

export function auditChanges(
  entry: { before: unknown; after: unknown },
  fields: readonly HistoryField[],
  none: string,
): HistoryChange[] {
  const before = auditSide(entry.before);
  const after = auditSide(entry.after);
  const creating = entry.before === null;
  const shown = (field: HistoryField, value: unknown) =>
    value === null || value === undefined || value === '' ? none : field.show ? field.show(value) : String(value);
  return fields
    .filter(({ key }) =>
      creating ? after[key] !== null && after[key] !== undefined : JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    )
    .map((field) => ({ field: field.key, label: field.label, from: shown(field, before[field.key]), to: shown(field, after[field.key]) }));
}
