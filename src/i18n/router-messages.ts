// What the router itself says (refusals, prompts), in every language.
import type { Localized } from './lang.js';

export const M = {
  notUnderstood: {
    en: "Sorry, I didn't understand that. Send *help* to see what I can do.",
    tr: 'Üzgünüm, bunu anlayamadım. Neler yapabileceğimi görmek için *yardım* yazın.',
    ur: 'Maaf kijiye, samajh nahi aaya. Commands dekhne ke liye *madad* likhein.',
  },
  didYouMean: {
    en: 'Did you mean: *{usage}* ({summary})? Send *help* to see every command.',
    tr: 'Şunu mu demek istediniz: *{usage}* ({summary})? Tüm komutlar için *yardım* yazın.',
    ur: 'Kya aap ka matlab tha: *{usage}* ({summary})? Sab commands ke liye *madad* likhein.',
  },
  usageHint: {
    en: 'To {summary}, write: *{usage}*\nFor example: {example}',
    tr: '{summary} için şöyle yazın: *{usage}*\nÖrnek: {example}',
    ur: '{summary} ke liye likhein: *{usage}*\nMisaal: {example}',
  },
  tooLong: {
    en: 'That message is {length} characters long; I read at most 4,096. Please send a shorter one (attach long number lists as a .txt or .csv file).',
    tr: 'Bu mesaj {length} karakter; en fazla 4.096 karakter okuyabilirim. Daha kısa yazın (uzun numara listelerini .txt veya .csv dosyası olarak ekleyin).',
    ur: 'Yeh message {length} characters ka hai; main zyada se zyada 4,096 parh sakta hoon. Chhota message bhejein (lambi number list .txt ya .csv file mein bhejein).',
  },
  unsupportedMedia: {
    en: 'I can only read contact files in .txt, .csv or .vcf format. This attachment ({kind}) was not used.',
    tr: 'Yalnızca .txt, .csv veya .vcf kişi dosyalarını okuyabilirim. Bu ek ({kind}) kullanılmadı.',
    ur: 'Main sirf .txt, .csv ya .vcf contact files parh sakta hoon. Yeh attachment ({kind}) istemal nahi hua.',
  },
  mediaNeedsCaption: {
    en: 'To upload this file, send it again with the caption: *upload contacts to NAME*',
    tr: 'Bu dosyayı yüklemek için şu açıklamayla tekrar gönderin: *kişileri yükle NAME*',
    ur: 'Yeh file upload karne ke liye isay is caption ke saath dobara bhejein: *NAME mein contacts upload karo*',
  },
  rateLimited: {
    en: 'You are sending commands too fast (at most {limit} a minute). Please wait a minute and try again.',
    tr: 'Çok hızlı komut gönderiyorsunuz (dakikada en fazla {limit}). Lütfen bir dakika bekleyip tekrar deneyin.',
    ur: 'Aap bohat tezi se commands bhej rahe hain (aik minute mein zyada se zyada {limit}). Aik minute ruk kar dobara koshish karein.',
  },
  termsNeeded: {
    en: 'Before you start, please read our terms (version {version}):\n\n{body}\n\nReply *AGREE* to accept them.',
    tr: 'Başlamadan önce lütfen şartlarımızı okuyun (sürüm {version}):\n\n{body}\n\nKabul etmek için *KABUL* yazın.',
    ur: 'Shuru karne se pehle hamari sharait parhein (version {version}):\n\n{body}\n\nManzoor karne ke liye *AGREE* likhein.',
  },
  termsNeededNotOwner: {
    en: "This account's owner has not accepted the current terms yet. The owner must reply *AGREE* first.",
    tr: 'Hesap sahibi güncel şartları henüz kabul etmedi. Önce hesap sahibinin *KABUL* yazması gerekiyor.',
    ur: 'Account ke owner ne abhi tak nayi sharait manzoor nahi keen. Pehle owner *AGREE* likhe.',
  },
  suspended: {
    en: 'Your account is suspended{reason}. Until it is reactivated you can use: help, balance, plan, pay.',
    tr: 'Hesabınız askıya alındı{reason}. Yeniden açılana kadar şunları kullanabilirsiniz: yardım, bakiye, plan, ödeme.',
    ur: 'Aap ka account muattal hai{reason}. Dobara chalu hone tak aap yeh use kar sakte hain: madad, balance, plan, pay.',
  },
  notAllowed: {
    en: 'Your role ({role}) may not run *{command}*. Ask the account owner.',
    tr: 'Rolünüz ({role}) *{command}* komutunu çalıştıramaz. Hesap sahibine danışın.',
    ur: 'Aap ka role ({role}) *{command}* nahi chala sakta. Account owner se kahein.',
  },
  missingArg: {
    en: 'Missing {arg}. Write: *{usage}*',
    tr: '{arg} eksik. Şöyle yazın: *{usage}*',
    ur: '{arg} nahi diya. Aise likhein: *{usage}*',
  },
  badName: {
    en: '"{value}" is not a usable name: use 1 to 64 letters, digits, spaces, - or _.',
    tr: '"{value}" geçerli bir ad değil: 1-64 harf, rakam, boşluk, - veya _ kullanın.',
    ur: '"{value}" sahi naam nahi: 1 se 64 haroof, hindsay, space, - ya _ istemal karein.',
  },
  badPhone: {
    en: '"{value}" is not a mobile number ({reason}).',
    tr: '"{value}" bir cep telefonu numarası değil ({reason}).',
    ur: '"{value}" mobile number nahi hai ({reason}).',
  },
  badAmount: {
    en: '"{value}" is not a valid amount: write a whole number of credits from 1 to 10,000,000.',
    tr: '"{value}" geçerli bir miktar değil: 1 ile 10.000.000 arasında tam sayı yazın.',
    ur: '"{value}" sahi raqam nahi: 1 se 10,000,000 tak poora adad likhein.',
  },
  confirmPrompt: {
    en: '{description}\n\nTo go ahead, reply *YES {code}* within 5 minutes. Ignore this message to do nothing.',
    tr: '{description}\n\nDevam etmek için 5 dakika içinde *EVET {code}* yazın. Hiçbir şey yapmamak için bu mesajı yok sayın.',
    ur: '{description}\n\nAage barhne ke liye 5 minute ke andar *HAAN {code}* likhein. Kuch na karna ho to yeh message nazarandaz karein.',
  },
  confirmExpired: {
    en: 'Code {code} has expired (codes last 5 minutes). Nothing was done; send the command again for a new code.',
    tr: '{code} kodunun süresi doldu (kodlar 5 dakika geçerli). Hiçbir şey yapılmadı; yeni kod için komutu tekrar gönderin.',
    ur: 'Code {code} expire ho gaya (codes 5 minute chalte hain). Kuch nahi hua; naye code ke liye command dobara bhejein.',
  },
  confirmUnknown: {
    en: 'There is no pending action with code {code} for your number. Nothing was done.',
    tr: 'Numaranız için {code} kodlu bekleyen bir işlem yok. Hiçbir şey yapılmadı.',
    ur: 'Aap ke number ke liye code {code} wala koi kaam baqi nahi. Kuch nahi hua.',
  },
  internalError: {
    en: 'Something went wrong on our side while doing that. Please try again in a minute; if it keeps happening, contact support.',
    tr: 'Bu işlem sırasında bizim tarafımızda bir sorun oluştu. Bir dakika sonra tekrar deneyin; devam ederse destekle iletişime geçin.',
    ur: 'Hamari taraf se kuch masla ho gaya. Aik minute baad dobara koshish karein; phir bhi ho to support se rabta karein.',
  },
} satisfies Record<string, Localized>;
