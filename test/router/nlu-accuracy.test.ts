// Held-out paraphrases (never in the training examples) per language: the share the NLU
// classifies to the right command. Target ≥ 95%; the figure is printed for the report.
import { expect } from 'chai';
import { allCommands } from '../../commands/index.js';
import { IntentClassifier } from '../../src/nlu/intent-classifier.js';
import { buildTrainingCorpus, NLU_RUN_THRESHOLD } from '../../src/router/nlu-training.js';
import type { Lang } from '../../src/i18n/lang.js';

const HELD_OUT: Record<Lang, Array<[string, string]>> = {
  en: [
    ['what can this bot do for me', 'help'], ['which commands can I use', 'help'],
    ['how many credits have I got', 'balance'], ['tell me my credit balance', 'balance'], ['how much balance is left', 'balance'],
    ['what plan am I subscribed to', 'plan'], ['show me my plan details', 'plan'],
    ['show me my lists', 'lists'], ['what contact lists have I made', 'lists'],
    ['what is the status of my campaign', 'status'], ['how many messages got delivered so far', 'status'],
    ['show all my campaigns', 'campaigns'], ['list my campaigns please', 'campaigns'],
    ['I would like to top up credits', 'topup'], ['buy more credits', 'topup'],
    ['I want a copy of all my data', 'export-data'], ['download my data', 'export-data'],
    ['please delete my account', 'delete-account'], ['close my account for good', 'delete-account'],
    ['show me the terms', 'terms'], ['I accept the terms of service', 'agree'],
    ['how can I pay my invoice', 'pay'], ['do I have unpaid bills', 'pay'],
    ['pause my campaign for now', 'pause'], ['cancel my campaign', 'cancel'], ['resume sending the paused campaign', 'resume'],
    ['launch my campaign now', 'launch'], ['send me a demo of the campaign', 'send-demo'],
    ['create a new list', 'create-list'], ['upload numbers to my list', 'upload-contacts'],
  ],
  tr: [
    ['neler yapabiliyorsun', 'help'], ['hangi komutları kullanabilirim', 'help'],
    ['kaç kredim kaldı', 'balance'], ['bakiyemi söyle', 'balance'], ['kredi bakiyem ne kadar', 'balance'],
    ['hangi plana aboneyim', 'plan'], ['plan bilgilerimi göster', 'plan'],
    ['listelerimi göster', 'lists'], ['hangi kişi listelerim var', 'lists'],
    ['kampanyamın durumu ne', 'status'], ['şu ana kadar kaç mesaj ulaştı', 'status'],
    ['tüm kampanyalarımı göster', 'campaigns'], ['kampanyalarımı listele', 'campaigns'],
    ['kredi yüklemek istiyorum lütfen', 'topup'], ['daha çok kredi al', 'topup'],
    ['tüm verilerimin kopyasını istiyorum', 'export-data'], ['verilerimi indir', 'export-data'],
    ['lütfen hesabımı sil', 'delete-account'], ['hesabımı tamamen kapat', 'delete-account'],
    ['şartları göster', 'terms'], ['hizmet şartlarını kabul ediyorum', 'agree'],
    ['faturamı nasıl ödeyebilirim', 'pay'], ['ödenmemiş faturam var mı', 'pay'],
    ['kampanyamı şimdilik duraklat', 'pause'], ['kampanyamı iptal et', 'cancel'], ['duraklatılan kampanyaya devam et lütfen', 'resume'],
    ['kampanyamı şimdi başlat', 'launch'], ['bana kampanyanın demosunu gönder', 'send-demo'],
    ['yeni bir liste oluştur', 'create-list'], ['listeme numara yükle', 'upload-contacts'],
  ],
  ur: [
    ['yeh bot kya kya kar sakta hai', 'help'], ['main kaun si commands use kar sakta hoon', 'help'],
    ['mere kitne credits hain', 'balance'], ['mera credit balance batao', 'balance'], ['kitna balance bacha hai', 'balance'],
    ['main kis plan par hoon', 'plan'], ['mere plan ki tafseel dikhao', 'plan'],
    ['meri lists dikhao na', 'lists'], ['main ne kaun si contact lists banayi hain', 'lists'],
    ['meri campaign ka status kya hai', 'status'], ['ab tak kitne messages deliver huay', 'status'],
    ['meri saari campaigns dikhao', 'campaigns'], ['campaigns ki list dikhao', 'campaigns'],
    ['mujhe credits topup karne hain', 'topup'], ['aur credits khareedne hain', 'topup'],
    ['mujhe apne saare data ki copy chahiye', 'export-data'], ['mera data download karo', 'export-data'],
    ['meharbani kar ke mera account delete karo', 'delete-account'], ['mera account hamesha ke liye khatam karo', 'delete-account'],
    ['sharait dikhao', 'terms'], ['mujhe service ki sharait manzoor hain', 'agree'],
    ['main bill kaise pay karun', 'pay'], ['kya mera koi bill baqi hai abhi', 'pay'],
    ['meri campaign abhi roko', 'pause'], ['meri campaign cancel karo', 'cancel'], ['ruki hui campaign phir se chalao', 'resume'],
    ['meri campaign abhi launch karo', 'launch'], ['mujhe campaign ka demo bhejo', 'send-demo'],
    ['nayi list banao', 'create-list'], ['meri list mein numbers upload karo', 'upload-contacts'],
  ],
};

describe('NLU accuracy on held-out paraphrases', () => {
  let nlu: IntentClassifier;
  before(async function () {
    this.timeout(120_000);
    nlu = await IntentClassifier.load(buildTrainingCorpus(allCommands));
  });

  for (const lang of ['en', 'tr', 'ur'] as Lang[]) {
    it(`classifies ${lang} paraphrases at ≥ 95% (at the run threshold)`, async () => {
      const misses: string[] = [];
      for (const [text, intent] of HELD_OUT[lang]) {
        const g = await nlu.classify(text, lang);
        if (g?.intent !== intent || g.score < NLU_RUN_THRESHOLD) misses.push(`${text} → ${g?.intent}@${g?.score.toFixed(2)} (want ${intent})`);
      }
      const accuracy = 1 - misses.length / HELD_OUT[lang].length;
      console.log(`      NLU ${lang}: ${(accuracy * 100).toFixed(1)}% of ${HELD_OUT[lang].length}${misses.length ? '; misses: ' + misses.join('; ') : ''}`);
      expect(accuracy).to.be.at.least(0.95);
    });
  }

  it('does not run a command for gibberish', async () => {
    for (const junk of ['asdf qwer zxcv', 'lorem ipsum dolor', '🤖🤖🤖', 'xkcd 927 blorp']) {
      const g = await nlu.classify(junk, 'en');
      expect(g === undefined || g.score < NLU_RUN_THRESHOLD, `${junk} → ${g?.intent}@${g?.score}`).to.equal(true);
    }
  });
});
