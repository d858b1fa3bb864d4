import { describe, expect, it } from 'vitest';
import type { CheckCard } from '../../../common/contracts/lesson';
import {
  countedAnswers, firstUnansweredCheck, isCorrectChoice, lessonScore, recordAttempt, type AnswerBook,
} from '../../../renderer/src/lesson/scoring';
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
    expect(lessonScore(lesson, book)).toBe(0.5);
    expect(countedAnswers(lesson, book).map((a) => [a.itemId, a.correct])).toEqual([
      ['item-lock', false],
      ['item-ppe', true],
    ]);
  });

  it('a wrong retry after a right first answer does not lower the score', () => {
    let book = recordAttempt({}, single, ['a']).book;
    book = recordAttempt(book, single, ['b']).book;
    book = recordAttempt(book, multiple, ['g', 'e']).book;
    expect(lessonScore(lesson, book)).toBe(1);
  });

  it('scores null for a lesson without checks and counts unanswered checks as not right', () => {
    expect(lessonScore({ ...lesson, cards: [lesson.cards[0]!] }, {})).toBeNull();
    expect(lessonScore(lesson, recordAttempt({}, single, ['a']).book)).toBe(0.5);
  });

  it('finds the first check not yet answered', () => {
    expect(firstUnansweredCheck(lesson, {})).toBe(1);
    expect(firstUnansweredCheck(lesson, recordAttempt({}, single, ['a']).book)).toBe(2);
  });

  it('rejects an attempt naming no option of the card', () => {
    expect(() => recordAttempt({}, single, ['zz'])).toThrow(/pick one of its options/);
  });
});
