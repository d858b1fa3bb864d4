/**
 * A text[] as PostgreSQL's array literal, every element quoted (so "NULL" stays a string). In JSON
 * parameters json_to_recordset turns such a string into text[] with the array type's own parser,
 * markedly faster than a nested JSON array, which it parses again value by value; COPY reads it as is.
 */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
