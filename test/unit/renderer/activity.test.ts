import { describe, expect, it } from 'vitest';
import { activityDue } from '../../../renderer/src/input/activity';

describe('activity throttle', () => {
  it('reports the first touch and then at most every 5 seconds', () => {
    expect(activityDue(null, 0)).toBe(true);
    expect(activityDue(0, 4999)).toBe(false);
    expect(activityDue(0, 5000)).toBe(true);
  });
});
