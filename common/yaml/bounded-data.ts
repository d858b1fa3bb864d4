import { visit, type Document } from 'yaml';

/**
 * YAML anchors and aliases let a few lines expand into gigabytes ("billion laughs"). Hand-written
 * config and lesson front matter never need many, so past this many alias expansions the file is
 * refused as a problem to fix rather than read (or crashing the reader).
 */
export const MAX_YAML_ALIASES = 50;

export type BoundedData = { ok: true; data: unknown } | { ok: false; firstAliasOffset: number | null };

/** The document as plain data, or, when its aliases expand too far, where the first alias is. */
export function boundedYamlData(doc: Document): BoundedData {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let firstAliasOffset: number | null = null;
    visit(doc, {
      Alias(_key, node) {
        firstAliasOffset = node.range?.[0] ?? null;
        return visit.BREAK;
      },
    });
    return { ok: false, firstAliasOffset };
  }
}
