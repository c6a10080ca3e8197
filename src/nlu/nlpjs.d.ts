// NLP.js ships no type declarations; these cover the calls src/nlu makes.
declare module '@nlpjs/core' {
  export function containerBootstrap(): Promise<any>;
}
declare module '@nlpjs/nlp' {
  export class Nlp {
    constructor(settings?: Record<string, unknown>);
    addLanguage(lang: string): void;
    addDocument(lang: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(lang: string, text: string): Promise<{ intent: string; score: number; classifications?: Array<{ intent: string; score: number }> }>;
    export(minified?: boolean): string;
    import(json: string): void;
  }
}
declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-tr' {
  export const LangTr: unknown;
}
