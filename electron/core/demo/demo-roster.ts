import type { NewWorker } from '../session/roster-repo';

export const DEMO_SITE = { id: 'plant-2', name: 'Plant 2' };
export const DEMO_STATIONS = [
  { id: 'press-line-4', name: 'Press line 4' },
  { id: 'assembly-2', name: 'Assembly cell 2' },
];

/** One line per demo badge, for the README and the attract screen's demo hint. */
export interface DemoBadge {
  badge: string;
  name: string;
  language: string;
  role: string;
}

export const DEMO_WORKERS: NewWorker[] = [
  { id: 'demo-alex-morgan', employeeId: 'E1001', firstName: 'Alex', displayName: 'Alex Morgan', language: 'en', siteId: 'plant-2', roles: ['press-operator'], stations: ['press-line-4'], badges: ['1001'] },
  { id: 'demo-lucia-fernandez', employeeId: 'E1002', firstName: 'Lucía', displayName: 'Lucía Fernández', language: 'es', siteId: 'plant-2', roles: ['press-operator'], stations: ['press-line-4'], badges: ['1002'] },
  { id: 'demo-sam-patel', employeeId: 'E1003', firstName: 'Sam', displayName: 'Sam Patel', language: 'en', siteId: 'plant-2', roles: ['material-handler'], stations: ['press-line-4', 'assembly-2'], badges: ['1003'] },
  { id: 'demo-jordan-lee', employeeId: 'E1004', firstName: 'Jordan', displayName: 'Jordan Lee', language: 'en', siteId: 'plant-2', roles: ['maintenance-tech'], stations: ['press-line-4', 'assembly-2'], badges: ['1004'] },
  { id: 'demo-mai-nguyen', employeeId: 'E1005', firstName: 'Mai', displayName: 'Mai Nguyen', language: 'vi', siteId: 'plant-2', roles: ['assembler'], stations: ['assembly-2'], badges: ['1005'] },
  { id: 'demo-dana-kowalski', employeeId: 'E1006', firstName: 'Dana', displayName: 'Dana Kowalski', language: 'en', siteId: 'plant-2', roles: ['supervisor'], stations: ['press-line-4', 'assembly-2'], badges: ['1006'] },
];

export const DEMO_BADGES: DemoBadge[] = DEMO_WORKERS.map((w) => ({
  badge: w.badges[0],
  name: w.displayName,
  language: w.language,
  role: w.roles.join(', '),
}));

/** The demo plant's names in Spanish, as a site would import them (server `names import`), so Lucía's reasons read in Spanish throughout. */
export const DEMO_DISPLAY_NAMES = [
  { kind: 'station', id: 'press-line-4', language: 'es', name: 'Línea de prensas 4' },
  { kind: 'station', id: 'assembly-2', language: 'es', name: 'Célula de montaje 2' },
  { kind: 'role', id: 'press-operator', language: 'es', name: 'operador de prensa' },
  { kind: 'role', id: 'material-handler', language: 'es', name: 'manipulador de materiales' },
  { kind: 'role', id: 'maintenance-tech', language: 'es', name: 'técnico de mantenimiento' },
  { kind: 'role', id: 'assembler', language: 'es', name: 'montador' },
  { kind: 'role', id: 'supervisor', language: 'es', name: 'supervisor' },
  { kind: 'skill', id: 'press-safety', language: 'es', name: 'seguridad en prensas' },
  { kind: 'skill', id: 'spill-response', language: 'es', name: 'respuesta a derrames' },
  { kind: 'skill', id: 'loto', language: 'es', name: 'bloqueo y etiquetado' },
  { kind: 'skill', id: 'ppe', language: 'es', name: 'EPI' },
  { kind: 'skill', id: 'hygiene', language: 'es', name: 'higiene' },
] as const;
