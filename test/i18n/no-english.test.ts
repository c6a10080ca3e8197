// A Turkish and a Roman Urdu owner run every command (happy paths and refusals) and receive
// every job notice; no reply, caption or notice may carry an English catalogue sentence
// (a run of 4+ words from en.ts). Names, numbers and the owner's own texts do not count.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { SYSTEM } from '../../src/audit.js';
import { suspendAccount } from '../../src/accounts.js';
import { runBillingReminders } from '../../src/billing/reminders.js';
import { decideTopupRequest, noticeTopupDecided } from '../../src/billing/topup-requests.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { en } from '../../src/i18n/catalogues/en.js';
import { CATALOGUES, type Lang } from '../../src/i18n/lang.js';
import { currentTerms } from '../../src/terms.js';
import { allCommands } from '../../commands/index.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender, testCtx } from '../jobs/fixtures.js';
import { createWorld, nextPhone, type World } from '../router/router-world.js';

const norm = (s: string) => ` ${s.toLowerCase().replace(/[*"“”'‘’().,:;!?•—–\-/#%]+/g, ' ').replace(/\s+/g, ' ').trim()} `;

const words = (s: string) => s.trim().split(' ').filter((x) => x && x !== '§').length;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** English texts cut into lines and sentences (a reply may hold one sentence of a longer text). */
const lines = Object.values(en).flatMap((v) => v.split(/\n|(?<=[.;:?!])\s+/));
/** Every run of 4+ words between placeholders of an English catalogue line… */
const FRAGMENTS = [...new Set(lines.flatMap((l) => l.split(/\{\w+\}/)).map(norm).filter((f) => words(f) >= 4))];
/** …and every English sentence of 4+ words whole, its placeholders standing for any value. */
const SENTENCES = [...new Set(lines.map((l) => norm(l.replace(/\{\w+\}/g, ' § '))).filter((l) => words(l) >= 4))]
  .map((l) => ({ l, re: new RegExp(escape(l).replace(/ § /g, ' (?:.{0,200}? )?')) }));

export function englishIn(text: string): string[] {
  const n = norm(text);
  return [...FRAGMENTS.filter((f) => n.includes(f)), ...SENTENCES.filter((x) => x.re.test(n)).map((x) => x.l)].map((f) => f.trim());
}

interface Step { cmd: string; text: string; confirm?: boolean; expect?: RegExp }

const TR: Step[] = [
  { cmd: 'help', text: 'yardım', expect: /Kullanabileceğiniz komutlar/ },
  { cmd: 'help', text: 'yardım başlat', expect: /onay kodu/ },
  { cmd: 'terms', text: 'şartlar' },
  { cmd: 'agree', text: 'kabul ediyorum', expect: /zaten kabul/ },
  { cmd: 'balance', text: 'bakiyem', expect: /Kullanılabilir kredi: 100/ },
  { cmd: 'api-tokens', text: 'api anahtarları', expect: /Hiç API anahtarınız yok/ },
  { cmd: 'create-api-token', text: 'api anahtarı oluştur site', expect: /API anahtarı oluşturuldu/ },
  { cmd: 'revoke-token', text: 'anahtarı iptal et site', expect: /iptal edildi/ },
  { cmd: 'revoke-token', text: 'anahtarı iptal et site', expect: /adında bir API anahtarı yok/ },
  { cmd: 'plan', text: 'planım', expect: /En küçük kampanya: 2/ },
  { cmd: 'pay', text: 'ödeme', expect: /Ödenmemiş/ },
  { cmd: 'topup', text: 'kredi yükle 500', expect: /#\d+/ },
  { cmd: 'topup', text: 'kredi yükle 0', expect: /geçerli bir miktar değil/ },
  { cmd: 'lists', text: 'listelerim', expect: /Henüz kişi listeniz yok/ },
  { cmd: 'create-list', text: 'liste oluştur vip', expect: /oluşturuldu/ },
  { cmd: 'create-list', text: 'liste oluştur VIP', expect: /zaten var/ },
  { cmd: 'create-list', text: 'liste oluştur tek', expect: /oluşturuldu/ },
  { cmd: 'upload-contacts', text: 'kişileri yükle vip\n03001234567\n03011234567\n03021234567\n042 3571 4444\nmerhaba', expect: /3 numara eklendi/ },
  { cmd: 'upload-contacts', text: 'kişileri yükle tek\n03031234567', expect: /1 numara/ },
  { cmd: 'upload-contacts', text: 'kişileri yükle vip', expect: /her satıra/ },
  { cmd: 'list-info', text: 'liste bilgisi vip', expect: /3 kişi/ },
  { cmd: 'list-info', text: 'liste bilgisi hayalet', expect: /adında bir liste yok/ },
  { cmd: 'remove-contact', text: 'çıkar 0302 1234567 vip', confirm: true, expect: /çıkarıldı/ },
  { cmd: 'remove-contact', text: 'çıkar 12 vip', expect: /cep telefonu numarası değil \(çok kısa\)/ },
  { cmd: 'create-list', text: 'liste oluştur eski', expect: /oluşturuldu/ },
  { cmd: 'delete-list', text: 'eski listesini sil', confirm: true, expect: /silindi/ },
  { cmd: 'block-number', text: '03041234567 numarasını engelle', expect: /engellendi/ },
  { cmd: 'block-number', text: 'engelle 03041234567', expect: /zaten engelliydi/ },
  { cmd: 'blocked-numbers', text: 'engellenen numaraları göster', expect: /Engelli numaralar \(1\)/ },
  { cmd: 'unblock-number', text: 'engeli kaldır 03041234567', expect: /engeli kaldırıldı/ },
  { cmd: 'unblock-number', text: 'engeli kaldır 03041234567', expect: /engelli değildi/ },
  { cmd: 'blocked-numbers', text: 'engellenenler', expect: /Engelli numara yok/ },
  { cmd: 'create-campaign', text: 'kampanya oluştur bayram vip: Bayramınız kutlu olsun {{name}}!', expect: /oluşturuldu/ },
  { cmd: 'create-campaign', text: 'kampanya oluştur kucuk tek: Merhaba {{kod}}', expect: /kontrol edin: 1 kişiden 1 tanesinde \{\{kod\}\} yok/ },
  { cmd: 'attach-media', text: 'bayram kampanyasına ekle', expect: /açıklamasıyla gönderin/ },
  { cmd: 'retarget', text: 'kampanya oluştur bayram2 bayram okumayanlar', expect: /henüz başlatılmadı/ },
  { cmd: 'campaigns', text: 'kampanyalarım', expect: /taslak/ },
  { cmd: 'launch', text: 'başlat bayram', expect: /Önce "bayram" için demo/ },
  { cmd: 'send-demo', text: 'bayram demosunu gönder', expect: /demosu/ },
  { cmd: 'send-demo', text: 'kucuk demosunu gönder' },
  { cmd: 'campaigns', text: 'kampanyalarım', expect: /demo gönderildi/ },
  { cmd: 'launch', text: "bayram'ı yarın başlat", expect: /saat kaçta başlasın/ },
  { cmd: 'launch', text: "bayram'ı yarın 9'da başlat", confirm: true, expect: /Salı 03\.03\.2026 09:00 .* başlayacak/ },
  { cmd: 'campaigns', text: 'kampanyalarım', expect: /başlangıç Salı/ },
  { cmd: 'status', text: 'durum bayram', expect: /Zamanlanmış başlangıç/ },
  { cmd: 'unschedule', text: 'bayram zamanlamasını kaldır', expect: /kaldırıldı/ },
  { cmd: 'unschedule', text: 'bayram zamanlamasını kaldır', expect: /zamanlanmış bir başlangıcı yok/ },
  { cmd: 'launch', text: 'başlat kucuk', confirm: true, expect: /Başlatma reddedildi/ },
  { cmd: 'launch', text: 'başlat bayram', confirm: true, expect: /başladı/ },
  { cmd: 'launch', text: 'başlat bayram', expect: /yeniden başlatılamaz/ },
  { cmd: 'status', text: 'durum bayram', expect: /gönderiliyor/ },
  { cmd: 'pause', text: 'duraklat bayram', expect: /duraklatıldı/ },
  { cmd: 'pause', text: 'duraklat bayram', expect: /yalnızca gönderimdeki/ },
  { cmd: 'resume', text: 'devam bayram', confirm: true, expect: /yeniden çalışıyor/ },
  { cmd: 'cancel', text: 'iptal bayram', confirm: true, expect: /iptal edildi/ },
  { cmd: 'cancel', text: 'iptal bayram', confirm: true, expect: /zaten iptal/ },
  { cmd: 'status', text: 'durum hayalet', expect: /adında bir kampanya yok/ },
  { cmd: 'senders', text: 'göndericiler', expect: /Göndericileriniz/ },
  { cmd: 'pause-sender', text: 'göndericiyi duraklat 1', expect: /duraklatıldı/ },
  { cmd: 'pause-sender', text: 'göndericiyi duraklat 1', expect: /zaten duraklatılmış/ },
  { cmd: 'pause-sender', text: 'göndericiyi duraklat 9', expect: /9 numaralı gönderici yok/ },
  { cmd: 'resume-sender', text: 'göndericiyi sürdür 1', expect: /sürdürüldü/ },
  { cmd: 'resume-sender', text: 'göndericiyi sürdür 1', expect: /duraklatılmış değil/ },
  { cmd: 'link-sender', text: 'gönderici bağla +923007654321', expect: /zaten bağlı/ },
  { cmd: 'replies-mode', text: 'yanıtlar saatlik', expect: /saatte bir özet/ },
  { cmd: 'replies-mode', text: 'yanıtlar şimdi', expect: /geldikçe/ },
  { cmd: 'reply', text: 'yanıtla +923001112233 Fiyatı 500 lira', expect: /hiçbirine yazmadı/ },
  { cmd: 'set-email', text: 'e-posta ayarla sahip@ornek.com', expect: /e-posta adresi artık/ },
  { cmd: 'call-reply', text: 'arama yanıtı Lütfen bize yazın', expect: /arayanlar artık bu mesajı/ },
  { cmd: 'call-reply', text: 'arama yanıtı varsayılan', expect: /standart mesajı/ },
  { cmd: 'export-data', text: 'verilerimi dışa aktar', expect: /JSON/ },
  { cmd: 'delete-account', text: 'hesabımı sil', confirm: true, expect: /silindi/ },
];

const UR: Step[] = [
  { cmd: 'help', text: 'madad', expect: /commands use kar sakte/ },
  { cmd: 'help', text: 'madad launch', expect: /confirmation code/ },
  { cmd: 'terms', text: 'sharait' },
  { cmd: 'agree', text: 'manzoor hai', expect: /pehle hi manzoor/ },
  { cmd: 'balance', text: 'mera balance kitna hai', expect: /Dastiyab credits: 100/ },
  { cmd: 'api-tokens', text: 'api tokens dikhao', expect: /koi API token nahi/ },
  { cmd: 'create-api-token', text: 'api token banao dukaan', expect: /ban gaya/ },
  { cmd: 'revoke-token', text: 'token revoke karo dukaan', expect: /band kar diya/ },
  { cmd: 'revoke-token', text: 'token revoke karo dukaan', expect: /naam ka koi API token nahi/ },
  { cmd: 'plan', text: 'mera plan', expect: /kam az kam size: 2/ },
  { cmd: 'pay', text: 'bill dikhao', expect: /koi bill baqi nahi/ },
  { cmd: 'topup', text: '500 credits chahiye', expect: /#\d+/ },
  { cmd: 'topup', text: '0 credits chahiye', expect: /sahi raqam nahi/ },
  { cmd: 'lists', text: 'meri lists', expect: /Abhi koi contact list nahi/ },
  { cmd: 'create-list', text: 'list banao vip', expect: /ban gayi/ },
  { cmd: 'create-list', text: 'list banao VIP', expect: /pehle se mojood/ },
  { cmd: 'create-list', text: 'list banao tek', expect: /ban gayi/ },
  { cmd: 'upload-contacts', text: 'vip mein contacts upload karo\n03001234567\n03011234567\n03021234567\n042 3571 4444\nsalam', expect: /3 numbers add/ },
  { cmd: 'upload-contacts', text: 'tek mein contacts upload karo\n03031234567', expect: /1 numbers add/ },
  { cmd: 'upload-contacts', text: 'vip mein contacts upload karo', expect: /har line/ },
  { cmd: 'list-info', text: 'list ki tafseel vip', expect: /3 contacts/ },
  { cmd: 'list-info', text: 'list ki tafseel ghost', expect: /naam ki koi list nahi/ },
  { cmd: 'remove-contact', text: '03021234567 ko vip se hatao', confirm: true, expect: /nikal diya/ },
  { cmd: 'remove-contact', text: '12 ko vip se hatao', expect: /mobile number nahi hai \(bohat chhota\)/ },
  { cmd: 'create-list', text: 'list banao purani', expect: /ban gayi/ },
  { cmd: 'delete-list', text: 'purani wali list delete kar do', confirm: true, expect: /delete ho gaye/ },
  { cmd: 'block-number', text: '03041234567 ko block karo', expect: /block ho gaya/ },
  { cmd: 'block-number', text: 'block karo 03041234567', expect: /pehle se block/ },
  { cmd: 'blocked-numbers', text: 'blocked numbers dikhao', expect: /Block numbers \(1\)/ },
  { cmd: 'unblock-number', text: '03041234567 ko unblock karo', expect: /unblock ho gaya/ },
  { cmd: 'unblock-number', text: '03041234567 ko unblock karo', expect: /block nahi tha/ },
  { cmd: 'blocked-numbers', text: 'block list dikhao', expect: /Koi number block nahi/ },
  { cmd: 'create-campaign', text: 'campaign banao eid vip: Eid Mubarak {{name}}!', expect: /ban gayi/ },
  { cmd: 'create-campaign', text: 'campaign banao chhoti tek: Salam {{code}}', expect: /check karein: 1 mein se 1 contacts ka \{\{code\}\} nahi/ },
  { cmd: 'attach-media', text: 'eid ke saath lagao', expect: /caption/ },
  { cmd: 'retarget', text: 'campaign banao eid2 eid nahi parha', expect: /launch nahi hui/ },
  { cmd: 'campaigns', text: 'meri campaigns', expect: /draft/ },
  { cmd: 'launch', text: 'eid launch karo', expect: /Pehle "eid" ka demo/ },
  { cmd: 'send-demo', text: 'eid ka demo bhejo', expect: /demo .* par bhej diya/ },
  { cmd: 'send-demo', text: 'chhoti ka demo bhejo' },
  { cmd: 'campaigns', text: 'meri campaigns', expect: /demo bhej diya/ },
  { cmd: 'launch', text: 'eid kal chalao', expect: /kis waqt shuru ho/ },
  { cmd: 'launch', text: 'eid kal subah 9 baje chalao', confirm: true, expect: /Mangal 03\.03\.2026 09:00 .* shuru hogi/ },
  { cmd: 'campaigns', text: 'meri campaigns', expect: /shuru Mangal/ },
  { cmd: 'status', text: 'eid ka status', expect: /Schedule: Mangal/ },
  { cmd: 'unschedule', text: 'eid ka schedule hatao', expect: /schedule .* khatam/ },
  { cmd: 'unschedule', text: 'eid ka schedule hatao', expect: /koi schedule nahi/ },
  { cmd: 'launch', text: 'chhoti launch karo', confirm: true, expect: /Launch nahi hui/ },
  { cmd: 'launch', text: 'eid launch karo', confirm: true, expect: /chal rahi hai/ },
  { cmd: 'launch', text: 'eid launch karo', expect: /dobara launch nahi/ },
  { cmd: 'status', text: 'eid ka status', expect: /chal rahi hai/ },
  { cmd: 'pause', text: 'eid roko', expect: /rok di gayi/ },
  { cmd: 'pause', text: 'eid roko', expect: /sirf chalti campaign/ },
  { cmd: 'resume', text: 'eid resume karo', confirm: true, expect: /dobara chal rahi/ },
  { cmd: 'cancel', text: 'eid cancel karo', confirm: true, expect: /cancel/ },
  { cmd: 'cancel', text: 'eid cancel karo', confirm: true, expect: /pehle hi cancel/ },
  { cmd: 'status', text: 'ghost ka status', expect: /naam ki koi campaign nahi/ },
  { cmd: 'senders', text: 'senders dikhao', expect: /Aap ke senders/ },
  { cmd: 'pause-sender', text: 'sender 1 roko', expect: /rok diya gaya/ },
  { cmd: 'pause-sender', text: 'sender 1 roko', expect: /pehle se ruka/ },
  { cmd: 'pause-sender', text: 'sender 9 roko', expect: /Sender 9 mojood nahi/ },
  { cmd: 'resume-sender', text: 'sender 1 resume karo', expect: /dobara chal gaya/ },
  { cmd: 'resume-sender', text: 'sender 1 resume karo', expect: /ruka hua nahi/ },
  { cmd: 'link-sender', text: 'sender link karo +923007654329', expect: /pehle se linked/ },
  { cmd: 'replies-mode', text: 'replies har ghante', expect: /har ghante aik khulasa/ },
  { cmd: 'replies-mode', text: 'replies band', expect: /nahi bheje jayenge/ },
  { cmd: 'reply', text: 'reply +923001112233 Qeemat 500 rupay hai', expect: /kisi sender ko nahi likha/ },
  { cmd: 'set-email', text: 'email set karo owner@example.com', expect: /account ka email ab/ },
  { cmd: 'call-reply', text: 'call ka jawab Meherbani kar ke message karein', expect: /call karne walon ko ab/ },
  { cmd: 'export-data', text: 'mera data export karo', expect: /JSON/ },
  { cmd: 'delete-account', text: 'mera account delete karo', confirm: true, expect: /delete ho gaya/ },
];

const YES: Record<Lang, string> = { en: 'YES', tr: 'EVET', ur: 'HAAN' };
const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1];

describe('Turkish and Roman Urdu owners never read English', () => {
  const t = useTestDb();
  let w: World;

  before(async function () {
    this.timeout(120_000);
    w = await createWorld(t.db);
    await t.db.exec('UPDATE plans SET min_campaign_size = 2');
  });

  it('the detector finds English replies, and no Turkish or Urdu catalogue text holds an English sentence', () => {
    expect(englishIn('Campaign "eid" is running: 2 messages queued, 2 credits reserved.')).to.not.deep.equal([]);
    for (const lang of ['tr', 'ur'] as const) {
      const cat = CATALOGUES[lang] as Record<string, string>;
      expect(Object.keys(cat).filter((k) => englishIn(cat[k]!).length), lang).to.deep.equal([]);
    }
  });

  it('the scenarios run every command', () => {
    for (const steps of [TR, UR]) expect([...new Set(steps.map((s) => s.cmd))].sort()).to.deep.equal(allCommands.map((c) => c.id).sort());
  });

  for (const [lang, steps] of [['tr', TR], ['ur', UR]] as const) {
    it(`${lang}: every command, its refusals, confirmations and files`, async function () {
      this.timeout(120_000);
      const owner = await w.newAccount({ credits: 100, language: lang });
      // The sender has a number, so `link sender` with it is refused as linked already.
      await t.db.exec(`INSERT INTO sender_sessions (account_id, transport, purpose, status, warmup, phone) VALUES ($1, 'sandbox', 'both', 'open', false, $2)`,
        [owner.accountId, lang === 'tr' ? '+923007654321' : '+923007654329']);
      const seen: string[] = [];
      const problems: string[] = [];
      // The published terms are the admin's one legal text, shown as published (not a catalogue text).
      const terms = (await currentTerms(t.db))!.body;
      const check = (what: string, text: string) => {
        seen.push(text);
        if (/\[object |(?<!\{)\{[a-z]\w*\}(?!\})/i.test(text)) problems.push(`${what} → ${JSON.stringify(text.slice(0, 160))} has an unfilled part`);
        const english = englishIn(text.replace(terms, ''));
        if (english.length) problems.push(`${what} → ${JSON.stringify(text.slice(0, 160))} has English: ${english.join(' | ')}`);
      };
      const send = async (text: string) => {
        const replies = await w.send(owner.phone, text);
        replies.forEach((r) => check(text, r));
        for (const f of w.lastFiles) check(`${text} (file caption)`, f.caption ?? '');
        return replies.join('\n');
      };
      for (const s of steps) {
        let r = await send(s.text);
        if (s.confirm && code(r)) r = await send(`${YES[lang]} ${code(r)}`);
        expect(r, s.text).to.not.equal('');
        if (s.expect) expect(r, s.text).to.match(s.expect);
      }
      // a refusal by role, an unknown code, and an account suspended for an unpaid invoice
      const other = await w.newAccount({ credits: 10, language: lang });
      const viewer = nextPhone();
      await w.addMember(other.accountId, viewer, 'viewer');
      await t.db.exec('UPDATE members SET language = $2 WHERE phone = $1', [viewer, lang]);
      const asViewer = (await w.send(viewer, lang === 'tr' ? 'hesabımı sil' : 'mera account delete karo')).join('\n');
      check('viewer', asViewer);
      expect(asViewer).to.match(lang === 'tr' ? /izleyici/ : /sirf dekhne wala/);
      check('unknown code', (await w.send(viewer, `${YES[lang]} 123456`)).join('\n'));
      await suspendAccount(t.db, other.accountId, 'unpaid invoice #7 (due 2026-03-01)', SYSTEM);
      const suspended = (await w.send(other.phone, lang === 'tr' ? 'kampanyalarım' : 'meri campaigns')).join('\n');
      check('suspended', suspended);
      expect(suspended).to.include('#7');
      expect(w.lastFiles.length + seen.length).to.be.greaterThan(steps.length);
      expect(problems).to.deep.equal([]);
    });
  }
});

/** A channel that records what it is asked to send; fails every send when told to. */
class RecordingChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  constructor(readonly sessionId: number, private readonly fail = false) { super(); }
  async connect() {}
  async close() {}
  async send(_to: string, _content: OutgoingContent, opts: { messageId?: string } = {}) {
    if (this.fail) throw new Error('socket closed');
    return { messageId: opts.messageId!, at: new Date() };
  }
}

describe('job notices in the owner\'s language', () => {
  const t = useTestDb();

  for (const lang of ['tr', 'ur'] as const) {
    it(`${lang}: auto-pause, campaign completed, top-up decided, billing reminders and suspension`, async () => {
      const { FakeClock } = await import('../../src/clock.js');
      const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
      const ctx = testCtx(t.db, clock, { AUTO_PAUSE_ERRORS: '2' });
      const { accountId, ownerPhone } = await makeAccount(t.db);
      await t.db.exec('UPDATE accounts SET language = $2 WHERE id = $1', [accountId, lang]);
      const told: string[] = [];
      const notify = async (to: string, text: string) => { expect(to).to.equal(ownerPhone); told.push(text); };

      const bad = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
      const good = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
      await makeCampaign(t.db, accountId, 4);
      const sessions = (chs: RecordingChannel[]) => ({ channel: (id: number) => chs.find((c) => c.sessionId === id) as unknown as Channel | undefined, ownedSessionIds: () => chs.map((c) => c.sessionId) });
      const d = new Dispatcher(ctx, sessions([new RecordingChannel(bad, true), new RecordingChannel(good)]), notify);
      await d.dispatch((await claimForSender(t.db, ctx.config, clock, bad))!);
      await d.dispatch((await claimForSender(t.db, ctx.config, clock, good))!);
      expect(told).to.have.length(2); // paused, then completed

      const req = await t.db.one<{ id: number }>(`INSERT INTO topup_requests (account_id, credits, created_at) VALUES ($1, 500, now()) RETURNING id`, [accountId]);
      const r = await decideTopupRequest(t.db, req!.id, 'approved', null, SYSTEM);
      await noticeTopupDecided(ctx, notify, req!.id, 'approved', r);
      const req2 = await t.db.one<{ id: number }>(`INSERT INTO topup_requests (account_id, credits, created_at) VALUES ($1, 700, now()) RETURNING id`, [accountId]);
      await noticeTopupDecided(ctx, notify, req2!.id, 'rejected', await decideTopupRequest(t.db, req2!.id, 'rejected', null, SYSTEM));

      for (const days of [7, 1, 0, -30]) {
        await t.db.exec(`INSERT INTO invoices (account_id, amount_minor, due_at) VALUES ($1, 250000, $2::timestamptz + make_interval(days => $3))`, [accountId, clock.now(), days]);
      }
      await runBillingReminders(ctx, notify);
      expect(told.length).to.be.greaterThanOrEqual(2 + 2 + 3 + 1);
      const english = told.flatMap((x) => englishIn(x).map((e) => `${x.slice(0, 80)} → ${e}`));
      expect(english).to.deep.equal([]);
      expect(told.some((x) => /#\d+/.test(x))).to.equal(true);
    });
  }
});
