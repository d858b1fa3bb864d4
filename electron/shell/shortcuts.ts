/** The parts of Electron's before-input-event Input this needs (kept structural for unit tests). */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/**
 * In-window shortcuts that would reload, inspect, leave full screen or close the kiosk. OS-level
 * ones (Alt+Tab, Ctrl+Alt+Del) cannot be blocked from an app: see build/README.md.
 * Cmd counts as Ctrl so the same list holds on macOS.
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (key === 'F5' || key === 'F11' || key === 'F12') return true;
  if (input.alt && key === 'F4') return true;
  if (mod && (key === 'r' || key === 'w' || key === 'q')) return true;
  if (mod && input.shift && (key === 'i' || key === 'j' || key === 'c')) return true;
  return false;
}
