// NLP.js intent classification for the operator chat. Trained from the command specs'
// examples; the trained model is cached on disk keyed by a hash of the training data, and
// in memory, so a restart or a second router in one process does not train again.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Nlp } from '@nlpjs/nlp';
import { LANGS, type Lang } from '../i18n/lang.js';

export interface TrainingUtterance {
  lang: Lang;
  intent: string;
  text: string;
}

export interface IntentGuess {
  intent: string;
  score: number;
  /** Score of the best other intent (0 when none): how clear the choice was. */
  runnerUp: number;
}

/** Bump when the way we train changes, so old cached models are not reused. */
const MODEL_FORMAT = 'v1';

// Roman Urdu has no NLP.js language pack; trained as its own language code it gets the
// generic tokenizer and its own network, so its words never compete with English ones.
const LANGUAGES: readonly Lang[] = LANGS;

const memoryCache = new Map<string, Promise<IntentClassifier>>();

export class IntentClassifier {
  /** Use IntentClassifier.load(). */
  constructor(private readonly nlp: Nlp, readonly modelHash: string, readonly trainedMs: number, readonly fromCache: boolean) {}

  /** Best intent for `text` in `lang`, or undefined when the model knows nothing like it. */
  async classify(text: string, lang: Lang): Promise<IntentGuess | undefined> {
    const r = await this.nlp.process(lang, text);
    const top = r.classifications?.[0];
    if (!top || top.intent === 'None' || !(top.score > 0)) return undefined;
    const second = r.classifications?.find((c) => c.intent !== top.intent && c.intent !== 'None');
    return { intent: top.intent, score: top.score, runnerUp: second?.score ?? 0 };
  }

  /** Every intent's score for `text` in `lang`, best first ('None' left out). */
  async rank(text: string, lang: Lang): Promise<IntentGuess[]> {
    const r = await this.nlp.process(lang, text);
    const all = (r.classifications ?? []).filter((c) => c.intent !== 'None' && c.score > 0);
    return all.map((c, i) => ({ intent: c.intent, score: c.score, runnerUp: all.find((o, j) => j !== i)?.score ?? 0 }));
  }

  static hash(corpus: readonly TrainingUtterance[]): string {
    return createHash('sha256').update(MODEL_FORMAT).update(JSON.stringify(corpus)).digest('hex').slice(0, 24);
  }

  /** Loads the cached model for this corpus or trains (and caches) a new one. */
  static load(corpus: readonly TrainingUtterance[], cacheDir?: string): Promise<IntentClassifier> {
    const key = IntentClassifier.hash(corpus);
    let p = memoryCache.get(key);
    if (!p) {
      p = build(corpus, key, cacheDir);
      p.catch(() => memoryCache.delete(key));
      memoryCache.set(key, p);
    }
    return p;
  }
}

async function newNlp(): Promise<Nlp> {
  // Imported here, off the start path: the router answers by grammar until the model is in.
  const [{ containerBootstrap }, { LangEn }, { LangTr }, { Nlp }] = await Promise.all([
    import('@nlpjs/core'), import('@nlpjs/lang-en-min'), import('@nlpjs/lang-tr'), import('@nlpjs/nlp')]);
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  container.use(LangTr);
  const nlp = new Nlp({ container, autoSave: false, autoLoad: false, forceNER: false, nlu: { log: false }, languages: [...LANGUAGES] });
  for (const l of LANGUAGES) nlp.addLanguage(l);
  return nlp;
}

function cacheFile(dir: string, key: string): string {
  return path.join(dir, `nlu-model-${key}.json`);
}

async function build(corpus: readonly TrainingUtterance[], key: string, cacheDir?: string): Promise<IntentClassifier> {
  const dirs = [cacheDir, path.join(os.tmpdir(), 'wa-chatops-nlu')].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    try {
      const json = readFileSync(cacheFile(dir, key), 'utf8');
      const nlp = await newNlp();
      nlp.import(json);
      return new IntentClassifier(nlp, key, 0, true);
    } catch {
      // not cached here (or unreadable): try the next place, then train
    }
  }
  const nlp = await newNlp();
  for (const u of corpus) nlp.addDocument(u.lang, u.text, u.intent);
  const t0 = performance.now();
  await nlp.train();
  const trainedMs = performance.now() - t0;
  const json = nlp.export(true);
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { recursive: true });
      const tmp = `${cacheFile(dir, key)}.${process.pid}.tmp`;
      writeFileSync(tmp, json);
      renameSync(tmp, cacheFile(dir, key));
      break;
    } catch {
      // read-only data dir: fall back to the OS temp dir
    }
  }
  return new IntentClassifier(nlp, key, trainedMs, false);
}
