/**
 * The canonical definition of an Activity as this LRS determines it (Communication 2.5): the
 * definitions statements gave it, oldest first, each later one winning per property, language
 * maps merged per language (so a Spanish name sent later adds to the English one). Pure.
 */
type Definition = Record<string, unknown>;
const LANGUAGE_MAPS = new Set(['name', 'description']);

export function mergeDefinitions(definitions: Definition[]): Definition {
  const merged: Definition = {};
  for (const d of definitions) {
    for (const [key, value] of Object.entries(d)) {
      merged[key] =
        (LANGUAGE_MAPS.has(key) || key === 'extensions') && merged[key] && typeof merged[key] === 'object' && value && typeof value === 'object'
          ? { ...(merged[key] as object), ...(value as object) }
          : value;
    }
  }
  return merged;
}
