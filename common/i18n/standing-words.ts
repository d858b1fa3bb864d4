import type { WorkerStanding } from '../paths/status';
import type { Messages } from './messages/en';

type MessageKey = keyof Messages;

/**
 * The words for where a worker stands, shared by the kiosk's station board and the central
 * dashboard so a supervisor reads the same status the same way on both. The text is in the message
 * catalog; this maps each standing to its label and its legend line.
 */
export const STANDING_LABEL_KEYS: Readonly<Record<WorkerStanding, MessageKey>> = {
  done: 'statusDone',
  'in-progress': 'statusInProgress',
  failed: 'statusFailed',
  'due-soon': 'statusDueSoon',
  overdue: 'statusOverdue',
  'never-started': 'statusNeverStarted',
};

/** What each standing means, for a legend; in the order a supervisor acts on them. */
export const STANDING_LEGEND: readonly (readonly [WorkerStanding, MessageKey])[] = [
  ['overdue', 'legendOverdue'],
  ['failed', 'legendFailed'],
  ['due-soon', 'legendDueSoon'],
  ['in-progress', 'legendInProgress'],
  ['never-started', 'legendNeverStarted'],
  ['done', 'legendDone'],
];
