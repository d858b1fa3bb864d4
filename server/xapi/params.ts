import { unstorableTextProblem } from '../../common/xapi/storable-json';
import { HttpError } from '../errors';

/**
 * The query of an xAPI request, each parameter given once, as storable text, and only those the
 * resource knows, spelled exactly (Communication 2.0: an LRS rejects unknown parameters with 400).
 */
export function onlyParams(query: unknown, allowed: readonly string[], request: string, section: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(param)) {
      const known = allowed.length === 0 ? 'it takes no query parameters' : `its parameters are ${allowed.join(', ')}, spelled exactly so (case matters)`;
      throw new HttpError(400, 'invalid-query', `query parameter ${param}: not a parameter of ${request}; ${known} (${section})`);
    }
    if (typeof value !== 'string') throw new HttpError(400, 'invalid-query', `query parameter ${param}: given more than once: send it once (${section})`);
    const problem = unstorableTextProblem(value);
    if (problem) throw new HttpError(400, 'invalid-query', `query parameter ${param}: ${problem}`);
    out[param] = value;
  }
  return out;
}
