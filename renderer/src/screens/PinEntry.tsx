import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../state/context';
import './staff.css';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX_DIGITS = 12;

interface PinEntryProps {
  /** Called with the digits on OK or Enter; the entry is cleared for the next try. */
  onSubmit: (pin: string) => void;
  disabled?: boolean;
  submitLabel: string;
  testId: string;
}

/**
 * Big on-screen digits plus the keyboard's digits, Backspace and Enter. Keys are read on window, so
 * they also arrive when the wedge capture gives a person's keys back to the page.
 */
export function PinEntry({ onSubmit, disabled = false, submitLabel, testId }: PinEntryProps) {
  const { t } = useT();
  const [pin, setPinState] = useState('');
  // Key handlers read the latest digits without re-subscribing on every key.
  const pinRef = useRef('');
  const setPin = useCallback((next: string) => {
    pinRef.current = next;
    setPinState(next);
  }, []);
  const add = useCallback((d: string) => setPin(pinRef.current.length < MAX_DIGITS ? pinRef.current + d : pinRef.current), [setPin]);
  const submit = useCallback(() => {
    const entered = pinRef.current;
    setPin('');
    if (entered.length > 0 && !disabled) onSubmit(entered);
  }, [onSubmit, disabled, setPin]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (/^[0-9]$/.test(e.key)) add(e.key);
      else if (e.key === 'Backspace') setPin(pinRef.current.slice(0, -1));
      // Enter on a focused button already clicks it.
      else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) submit();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [add, submit, setPin]);

  return (
    <div className="pin-entry" data-testid={testId}>
      <p className="pin-dots" data-testid="pin-dots" aria-live="polite" aria-label={t('pinDigitsEntered', { n: pin.length })}>
        {pin.length === 0 ? <span className="pin-placeholder">{t('pinPlaceholder')}</span> : '●'.repeat(pin.length)}
      </p>
      <div className="pin-keys">
        {DIGITS.map((d) => (
          <button key={d} type="button" className="button pin-key" data-testid={`pin-key-${d}`} onClick={() => add(d)}>
            {d}
          </button>
        ))}
        <button type="button" className="button pin-key" data-testid="pin-clear" onClick={() => setPin('')}>
          <span className="pin-word">{t('pinClear')}</span>
        </button>
        <button type="button" className="button pin-key" data-testid="pin-key-0" onClick={() => add('0')}>
          0
        </button>
        <button type="button" className="button button-primary pin-key" data-testid="pin-submit" disabled={disabled || pin.length === 0} onClick={submit}>
          <span className="pin-word">{submitLabel}</span>
        </button>
      </div>
    </div>
  );
}
