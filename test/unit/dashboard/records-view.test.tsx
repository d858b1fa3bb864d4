// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordsView } from '../../../renderer/dashboard/views/RecordsView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLDivElement;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

function render(view: React.ReactNode) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(view));
}

const hrefOf = (name: string) => [...container.querySelectorAll('a')].find((a) => a.textContent === name)?.getAttribute('href');

function type(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('certificates and audit view', () => {
  it("links the audit report for the filters and dates, the station's certificates, and a worker's record", () => {
    render(<RecordsView filters={{ site: 'plant', station: 'press' }} />);
    const [from, to] = [...container.querySelectorAll<HTMLInputElement>('input[type="date"]')];
    type(from, '2026-01-01');
    type(to, '2026-06-30');
    expect(hrefOf('Audit report (CSV)')).toBe('/api/v1/dashboard/audit-report?site=plant&station=press&from=2026-01-01&to=2026-06-30&format=csv');
    expect(hrefOf('Certificates of station press (PDF)')).toBe('/api/v1/dashboard/certificates?site=plant&station=press');
    expect(hrefOf('Certificates (PDF)')).toBeUndefined();
    type(container.querySelector<HTMLInputElement>('input:not([type])')!, 'E 1&2');
    expect(hrefOf('Certificates (PDF)')).toBe('/api/v1/dashboard/certificates?employeeId=E+1%262');
    expect(hrefOf('Training record (PDF)')).toBe('/api/v1/dashboard/audit-report?employeeId=E+1%262&format=pdf');
  });

  it('asks for a station before offering a batch', () => {
    render(<RecordsView filters={{ site: 'plant' }} />);
    expect(hrefOf('Audit report (PDF)')).toBe('/api/v1/dashboard/audit-report?site=plant&format=pdf');
    expect(container.textContent).toContain('Choose a site and a station above');
  });
});
