import type { Page } from 'playwright-core';
import type { Card, CheckCard, Lesson } from '../../common/contracts/lesson';
import { readDb, type RunningKiosk } from './harness';

export const isCheck = (card: Card): card is CheckCard => card.kind === 'check';

/** The lesson the player shows, as stored: a test must know which options are right and wrong. */
export async function lessonOnScreen(kiosk: RunningKiosk, page: Page): Promise<Lesson> {
  const title = await page.locator('.player-title').textContent();
  const json = readDb(kiosk, (db) => db.prepare('SELECT json FROM lessons WHERE title = ?').pluck().get(title) as string | undefined);
  if (!json) throw new Error(`the player shows "${title}", which is not a lesson in the store`);
  return JSON.parse(json) as Lesson;
}

async function feedbackSays(page: Page, correct: boolean): Promise<void> {
  await page.locator(`[data-testid="check-feedback"][data-correct="${correct}"]`).waitFor();
}

/**
 * Plays the lesson on screen to its last card, answering every check wrong first (the answer that
 * counts, so the attempt fails) and then right. `atFirstWrong` runs while the first wrong answer's
 * feedback is on screen.
 */
export async function playFailingEveryCheck(page: Page, lesson: Lesson, atFirstWrong?: () => Promise<void>): Promise<void> {
  let first = true;
  for (const [i, card] of lesson.cards.entries()) {
    if (isCheck(card)) {
      const multiple = card.mode === 'multiple';
      // A wrong option, or where every option is right ("choose all"), just one of them.
      const wrong = (card.options.find((o) => !o.correct) ?? card.options[0]!).id;
      await page.getByTestId(`check-option-${wrong}`).click();
      if (multiple) await page.getByTestId('check-answer').click();
      await feedbackSays(page, false);
      if (first) await atFirstWrong?.();
      first = false;
      const right = card.options.filter((o) => o.correct).map((o) => o.id);
      // Multiple choice keeps its selection: toggle to exactly the right options.
      const toggle = multiple ? card.options.map((o) => o.id).filter((id) => right.includes(id) !== (id === wrong)) : right;
      for (const id of toggle) await page.getByTestId(`check-option-${id}`).click();
      if (multiple) await page.getByTestId('check-answer').click();
      await feedbackSays(page, true);
    }
    if (i < lesson.cards.length - 1) await page.getByTestId('next-card').click();
  }
}
