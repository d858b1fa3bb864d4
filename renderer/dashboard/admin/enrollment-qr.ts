import QRCode from 'qrcode';

/**
 * What a terminal needs to enroll, as the `server` part of its config file (kiosk-config): a
 * 2D scanner in keyboard mode, or a phone, carries it to the terminal's setup.
 */
export function enrollmentPayload(serverUrl: string, code: string): string {
  return JSON.stringify({ server: { url: serverUrl, enrollmentCode: code } });
}

/** An SVG data URL (the dashboard's CSP allows data: images, no script). */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
