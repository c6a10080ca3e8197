// A campaign's state as an owner reads it, never the internal name ("demo_sent").
import type { Lang, Localized } from './lang.js';

const NAMES: Record<string, Localized> = {
  draft: { en: 'draft', tr: 'taslak', ur: 'draft' },
  demo_sent: { en: 'demo sent, not launched', tr: 'demo gönderildi, başlatılmadı', ur: 'demo bhej diya, launch nahi hui' },
  running: { en: 'running', tr: 'gönderiliyor', ur: 'chal rahi hai' },
  paused: { en: 'paused', tr: 'duraklatıldı', ur: 'ruki hui' },
  completed: { en: 'completed', tr: 'tamamlandı', ur: 'mukammal' },
  cancelled: { en: 'cancelled', tr: 'iptal edildi', ur: 'cancel ho chuki' },
};

export function campaignStatusName(status: string, lang: Lang): string {
  const n = NAMES[status];
  return n ? n[lang] : status.replace(/_/g, ' ');
}
