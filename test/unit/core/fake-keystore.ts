import type { SecretBox } from '../../../electron/core/secrets/secret-box';

/** Stands in for safeStorage: reversible only by the same box (a different one throws, like another account's keystore). */
export function fakeKeystore(key: string): SecretBox {
  return {
    encrypt: (plain) => Buffer.from(`${key}|${[...plain].reverse().join('')}`),
    decrypt: (sealed) => {
      const [k, body] = sealed.toString().split('|');
      if (k !== key) throw new Error('cannot decrypt');
      return [...body!].reverse().join('');
    },
  };
}
