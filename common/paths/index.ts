export * from './types';
export { recommend } from './engine';
export { applyAnswer, buildReviewSession, dueItems, initialItemState, type ReviewSession, type ReviewSessionBounds } from './reinforcement';
export { skillMatrix, stationSummary, type SkillMatrixCell, type SkillMatrixInput, type StationSummary, type WorkerSkillRow, type RequirementStatus } from './skill-matrix';
export { catalogFromLessons, catalogProblems } from './catalog';
export { lessonStanding, workerStanding, WORKER_STANDING_ORDER, type LessonRecord, type LessonStanding, type WorkerStanding } from './status';
