import { describe, expect, it } from 'vitest';
import type { CheckCard } from '../../../common/contracts/lesson';
import { gradeAnswers, isCorrectChoice, scoreLesson } from '../../../common/grading/lesson-grading';
import { countedAnswers, firstUnansweredCheck, recordAttempt, type AnswerBook } from '../../../renderer/src/lesson/scoring';
import { lesson } from './fixtures';

const single = lesson.cards[1] as CheckCard;
const multiple = lesson.cards[2] as CheckCard;

describe('knowledge-check scoring', () => {
  it('grades a multiple choice as right only with exactly the correct options', () => {
    expect(isCorrectChoice(multiple, ['e', 'g'])).toBe(true);
    expect(isCorrectChoice(multiple, ['g'])).toBe(false);
    expect(isCorrectChoice(multiple, ['g', 'e', 's'])).toBe(false);
  });

  it('counts the first answer even when a retry is right', () => {
    let book: AnswerBook = {};
    book = recordAttempt(book, single, ['b']).book;
    const retry = recordAttempt(book, single, ['a']);
    expect(retry.record.correct).toBe(true);
    expect(retry.book['item-lock']!.latest.chosen).toEqual(['a']);
    expect(retry.book['item-lock']!.first.chosen).toEqual(['b']);
    book = recordAttempt(retry.book, multiple, ['g', 'e']).book;
    expect(scoreLesson(lesson, gradeAnswers(lesson, [retry.book['item-lock']!.first, retry.record, book['item-ppe']!.first]))).toEqual({ score: 0.5, passed: false });
    expect(countedAnswers(lesson, book).map((a) => [a.itemId, a.correct])).toEqual([
      ['item-lock', false],
      ['item-ppe', true],
    ]);
  });

  it('a wrong retry after a right first answer does not lower the score', () => {
    const right = recordAttempt({}, single, ['a']);
    const wrongRetry = recordAttempt(right.book, single, ['b']);
    const other = recordAttempt(wrongRetry.book, multiple, ['g', 'e']);
    expect(scoreLesson(lesson, gradeAnswers(lesson, [right.record, wrongRetry.record, other.record]))).toEqual({ score: 1, passed: true });
  });

  it('scores null for a lesson without checks and counts unanswered checks as not right', () => {
    expect(scoreLesson({ ...lesson, cards: [lesson.cards[0]!] }, [])).toEqual({ score: null, passed: null });
    expect(scoreLesson(lesson, gradeAnswers(lesson, [recordAttempt({}, single, ['a']).record]))).toEqual({ score: 0.5, passed: false });
  });

  it('refuses an answer to a check or an option the lesson does not have', () => {
    expect(() => gradeAnswers(lesson, [{ itemId: 'nope', cardId: 'x', chosen: ['a'], correct: true }])).toThrow(/not a knowledge check/);
    expect(() => gradeAnswers(lesson, [{ itemId: 'item-lock', cardId: 'x', chosen: ['zz'], correct: true }])).toThrow(/does not have/);
  });

  it('finds the first check not yet answered', () => {
    expect(firstUnansweredCheck(lesson, {})).toBe(1);
    expect(firstUnansweredCheck(lesson, recordAttempt({}, single, ['a']).book)).toBe(2);
  });

  it('rejects an attempt naming no option of the card', () => {
    expect(() => recordAttempt({}, single, ['zz'])).toThrow(/pick one of its options/);
  });
});
