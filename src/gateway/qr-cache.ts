// The QR codes of links in progress, as images for the console until they expire.
// WhatsApp shows the first QR of a link for 60 s and each next one for 20 s.
import type { Clock } from '../clock.js';

export interface QrCode { dataUrl: string; expiresAt: Date }

const FIRST_QR_MS = 60_000;
const NEXT_QR_MS = 20_000;

export class QrCache {
  private readonly codes = new Map<number, QrCode & { count: number }>();

  constructor(private readonly clock: Clock) {}

  async add(sessionId: number, qr: string): Promise<QrCode> {
    const count = (this.codes.get(sessionId)?.count ?? 0) + 1;
    const expiresAt = new Date(this.clock.now().getTime() + (count === 1 ? FIRST_QR_MS : NEXT_QR_MS));
    const { default: QRCode } = await import('qrcode'); // only while a number is being linked
    const dataUrl = await QRCode.toDataURL(qr);
    this.codes.set(sessionId, { dataUrl, expiresAt, count });
    return { dataUrl, expiresAt };
  }

  get(sessionId: number): QrCode | undefined {
    const qr = this.codes.get(sessionId);
    if (!qr || qr.expiresAt.getTime() <= this.clock.now().getTime()) return undefined;
    return { dataUrl: qr.dataUrl, expiresAt: qr.expiresAt };
  }

  delete(sessionId: number): void {
    this.codes.delete(sessionId);
  }
}
