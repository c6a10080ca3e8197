// More ways owners write each command, for the NLU only: casual English, Turkish and Roman
// Urdu as shop owners text (word orders, "pls", questions, endings), written for training and
// kept apart from both evaluation sets (a test checks the held-out one). Unlike a command's
// `examples` these are never shown to anyone and their words are not command words (so they
// neither reserve a name nor become typo targets). Sentences carry no list or campaign names:
// the understanding takes the names out before the NLU reads a message. `None` holds messages
// that are no command at all (chat, weather, cricket), so the model has somewhere else to put them.
import type { Lang } from '../i18n/lang.js';

type Phrasings = Partial<Record<Lang, readonly string[]>>;

export const NONE_INTENT = 'None';

export const TRAINING_PHRASINGS: Readonly<Record<string, Phrasings>> = {
  help: {
    en: ['what are the commands', 'send the command list', 'guide me how this works', 'commands pls', 'what should i type', 'how to use this', 'i dont know what to write', 'show options'],
    tr: ['komutlar neler', 'komut listesi', 'nasıl kullanılıyor bu', 'ne yazmam lazım', 'bana yol göster', 'komutları yollar mısın', 'neler yazabilirim', 'bu nasıl kullanılır', 'nasıl kullanacağım', 'kullanmayı bilmiyorum', 'burada ne yapabilirim', 'yardım eder misin'],
    ur: ['commands ki list bhejo', 'kya likhna hai', 'yeh bot kaise chalate hain', 'menu dikhao', 'rehnumai karo', 'kaise use hota hai yeh', 'options batao', 'commands kya hain'],
  },
  terms: {
    en: ['terms and conditions', 'tnc', 'show me the terms', 'rules of the service'],
    tr: ['koşullar', 'kullanım şartları', 'sözleşme metni', 'hizmet koşulları neler', 'şartları göster'],
    ur: ['service ke qawaid batao', 'istemal ki sharait'],
  },
  balance: {
    en: ['credit balance', 'how much credit left', 'credits remaining on account', 'balance pls', 'what is left in my account', 'my credits', 'how many credits now'],
    tr: ['bakiye ne kadar', 'kalan kredim', 'kredim ne kadar kaldı', 'hesabımda kaç kredi var', 'bakiyem kaç', 'kredi durumu', 'ne kadar bakiyem var', 'bakiyemi göster', 'kredim yeter mi'],
    ur: ['kitne credit bache hain', 'account mein kitna balance hai', 'mera credit batao', 'baqi credit', 'kitne credits hain abhi', 'balance check karo', 'balance kitna bacha hai'],
  },
  plan: {
    en: ['subscription limits', 'my package', 'when is the renewal', 'what does my plan include', 'monthly limit of my plan', 'basic or pro'],
    tr: ['abonelik bilgisi', 'paket limitleri', 'aylık mesaj hakkım', 'aboneliğim ne zaman yenilenir', 'plan detayları', 'plan bilgisi', 'planımın detayları', 'paket bilgilerim', 'planımı göster', 'abonelik bilgilerimi göster'],
    ur: ['package ki details', 'subscription kab renew hogi', 'plan mein kitne messages hain', 'mahana limit kya hai', 'kaunsa package hai mera', 'subscription ki tafseel'],
  },
  pay: {
    en: ['payment link', 'send the payment link', 'pay the invoice', 'i have to pay the bill', 'how to make payment', 'outstanding invoice', 'pay my subscription fee', 'where do i send the money', 'pay now', 'i want to pay the invoice', 'how can i clear my bill', 'take my payment', 'pay my dues', 'settle the invoice', 'i need to pay', 'how do i pay the invoice', 'can i pay now'],
    tr: ['ödeme linki', 'ödeme bağlantısı gönder', 'fatura ödemesi', 'faturayı ödeyeceğim', 'havale ile ödeme', 'abonelik ücretini ödemek', 'borcumu ödemek istiyorum', 'nasıl öderim', 'fatura ödeme', 'ödeme', 'ödeme yap', 'ödeme yapacağım', 'faturamı öde', 'ödemeyi nasıl yaparım', 'kartla ödemek istiyorum', 'abonelik ödemesi', 'borcumu kapatmak istiyorum', 'ödeme nerden yapılıyor', 'faturayı öde', 'ödemeyi nereden yapabilirim', 'faturanın ödemesi', 'fatura ödeyeceğim', 'ödeyebilir miyim', 'nereden ödeyebilirim', 'kartla ödeyebilirim', 'faturalarımı ödemem lazım', 'faturayı nasıl öderim', 'ödemeyi yapayım', 'ödeme yapabilir miyim', 'faturamı ödemek istiyorum', 'aylık ücreti ödeyeceğim', 'ödeme bilgisi gönder', 'faturayı ödemek istiyorum', 'borcumu öderim'],
    ur: ['payment ka link', 'payment link bhejo', 'bill ada karna hai', 'invoice pay karni hai', 'paise kahan bhejun', 'fees kaise jama karun', 'bank transfer se payment', 'subscription ki fees dena hai', 'payment karni hai', 'bill pay karo', 'bill ki payment', 'payment kaise hogi', 'invoice ki payment karni hai', 'dues clear karne hain', 'payment karna chahta hun', 'bill kaise pay karun', 'fees ada karni hai'],
  },
  topup: {
    en: ['top up', 'top up my credits', 'recharge account', 'buy credits', 'add credit', 'load more credits', 'get more credits', 'i want credits', 'how can i recharge', 'where do i top up', 'top up credits', 'i want to recharge my account'],
    tr: ['kredi yükle', 'kredi almak', 'bakiye yükle', 'kredi ekle lütfen', 'kredi yüklemek lazım', 'kredi nasıl alınır', 'biraz kredi ekle', 'kredi satın alacağım', 'nereden kredi alırım', 'kredi alabilir miyim', 'bakiye yüklemek istiyorum', 'kredi yükleyebilir miyim'],
    ur: ['credit add kar do', 'credits add karo', 'account recharge karo', 'recharge karna hai', 'credit dalwao', 'credits daal do', 'mazeed credit chahiye', 'credit khareedna hai', 'topup karo', 'credits dalwa dein', 'mujhe aur credits chahiye', 'credit load karo', 'credit dalwana hai'],
  },
  lists: {
    en: ['my lists', 'show lists', 'what lists are there', 'list of my lists', 'which contact lists do i have', 'which lists did i create', 'lists i have made', 'show all contact lists', 'my contact lists please'],
    tr: ['listelerim neler', 'bütün listelerim', 'listeleri görebilir miyim'],
    ur: ['lists dikhao', 'meri lists', 'kaun si lists hain meri', 'saari lists batao', 'lists ki list'],
  },
  'create-list': {
    en: ['make a list', 'new contact list', 'create a list named', 'create new list', 'start a new list called', 'i need a list', 'add a list called', 'make me a list'],
    tr: ['liste oluştur', 'yeni liste oluştur', 'bir liste aç', 'liste açar mısın', 'yeni bir liste yapar mısın', 'liste oluşturur musun', 'diye bir liste aç', 'adında yeni liste', 'yeni kişi listesi aç'],
    ur: ['list banao', 'nayi list banao', 'list bana do', 'nayi list bnado', 'list create kardo', 'naam ki list banao', 'alag list bana do', 'ek list bana do', 'nayi list chahiye'],
  },
  'upload-contacts': {
    en: ['upload contacts', 'upload numbers to the list', 'here is my contact file', 'add these contacts', 'import contacts', 'put the numbers in', 'upload this file', 'add contacts to the list', 'upload my contacts', 'add these to the list', 'import numbers', 'upload the csv', 'load these numbers'],
    tr: ['kişileri yükle', 'numaraları yükle', 'dosyadaki numaraları ekle', 'rehberi yükle', 'kişileri listeye ekle', 'bu dosyayı yükle', 'listeye numara ekle', 'kişileri içe aktar', 'numaraları listeye at', 'dosyayı listeye yükle', 'rehberimi yükle', 'kişi ekle'],
    ur: ['contacts upload karo', 'numbers upload kar do', 'yeh file upload karo', 'contacts daal do', 'numbers add kar do list mein', 'file se contacts dalo', 'list mein numbers daalo', 'contacts import karo', 'yeh contacts list mein dalo', 'numbers list mein add karo', 'file upload karni hai', 'contacts list me daal do'],
  },
  'list-info': {
    en: ['how many people are on the list', 'how many numbers in the list', 'list size', 'how many contacts does the list have', 'how many in the list', 'info about the list', 'list how many contacts'],
    tr: ['listede kaç kişi', 'listesinde kaç numara var', 'listenin bilgileri', 'listesi kaç kişi', 'liste ne kadar büyük', 'listedeki numara sayısı', 'listenin bilgisini göster', 'listede kaç numara var', 'listesinde kimler var', 'listenin boyutu', 'liste kaç kişilik'],
    ur: ['list mein kitne log', 'list me kitne number hain', 'list kitni bari', 'list ki info', 'list mein kitne contacts', 'kitne log hain list mein', 'list ke kitne number', 'list mein kitne numbers hain', 'kitne contacts hain is list mein', 'list ka size'],
  },
  'remove-contact': {
    en: ['remove this number', 'delete this number', 'remove number from the list', 'take this number out', 'delete the contact', 'unsubscribe this number', 'remove him from the list', 'remove from the list', 'delete number from list', 'this number wants out', 'take off the list'],
    tr: ['numarayı sil', 'bu numarayı sil', 'bu numarayı çıkar', 'numarayı listeden kaldır', 'silinsin', 'bu kişiyi sil', 'numarayı kaldır lütfen', 'listeden çıkar', 'listeden sil', 'numarayı çıkarın', 'listeden kaldır', 'listeden numara silmek istiyorum', 'bir numarayı çıkarmak istiyorum', 'numarayı listeden çıkarır mısın', 'bu kişiyi listeden silebilir misin'],
    ur: ['yeh number hatao', 'number remove karo', 'number remove kar do', 'is number ko nikal do', 'yeh number list se nikalo', 'number delete karo', 'is bande ko hata do', 'list se nikalo', 'list se hata do', 'number nikal do', 'list se remove karo'],
  },
  campaigns: {
    en: ['my campaigns', 'list campaigns', 'campaigns on my account', 'all campaigns'],
    tr: ['kampanyalarım neler', 'kampanyaları göster', 'mevcut kampanyalar', 'kampanya listesi', 'tüm kampanyalar', 'kampanyalarımı görebilir miyim', 'kampanyalarımı listele', 'kampanyaları göster bana'],
    ur: ['meri campaigns', 'campaigns dikhao', 'kitni campaigns hain', 'kaun kaun si campaigns hain', 'campaigns ki list dikhao', 'saari campaigns'],
  },
  'create-campaign': {
    en: ['create campaign', 'new campaign', 'make a campaign', 'create a campaign called', 'new campaign named', 'start a new campaign for the list', 'set up a new campaign with this message', 'campaign named', 'create campaign for list', 'new campaign on list', 'make campaign with message'],
    tr: ['kampanya oluştur', 'yeni kampanya', 'kampanya yap', 'kampanya kur', 'adında kampanya oluştur', 'kampanyası oluştur', 'isimli kampanya oluştur', 'listesine kampanya hazırla', 'kampanya oluşturur musun', 'listesine kampanya oluştur', 'kampanya yap mesaj', 'yeni kampanya mesajı'],
    ur: ['campaign banao', 'nayi campaign', 'campaign bana do', 'campaign bnao', 'naam ki campaign banao', 'ek campaign banani hai', 'nayi campaign create karo', 'list ke liye campaign banao', 'campaign banao list ke liye', 'nayi campaign banao list pe', 'campaign bana do message', 'naam ki nayi campaign'],
  },
  'send-demo': {
    en: ['send a demo', 'demo pls', 'preview the campaign', 'test message to me', 'let me see a sample', 'send a test to me before', 'show me a preview first', 'test it on my phone', 'send a test to my phone first', 'how will it look'],
    tr: ['demo gönder', 'deneme gönder', 'önizleme', 'bana bir örnek at', 'önce bana gönder', 'bir örneğini gönder', 'deneme mesajı yolla', 'önizleme gönderir misin', 'örnek mesaj gönder', 'önizlemesini gönder', 'önizlemeyi görebilir miyim', 'nasıl göründüğünü görmek istiyorum', 'bana deneme at', 'örnek at', 'örneğini görmek istiyorum'],
    ur: ['demo bhejo', 'demo bhej do', 'sample bhejo', 'preview dikhao', 'namuna bhejo', 'pehle mujhe dikhao', 'mujhe bhej ke dikhao', 'test bhejo mujhe'],
  },
  launch: {
    en: ['launch', 'launch the campaign', 'send out the campaign', 'send the campaign out now', 'go live', 'send it to everyone', 'launch it now', 'start sending it', 'blast it out', 'send the whole campaign', 'release the campaign', 'launch this now', 'time to launch', 'launch it today', 'launch my promotion', 'start my promotion now'],
    tr: ['başlatalım', 'gönderime başla', 'kampanyayı başlatır mısın', 'herkese gönder', 'başlasın', 'herkese yolla', 'gönderimi başlat', 'kampanyayı yayına al', 'başlatabilirsin', 'hemen başlat', 'kampanyayı gönder herkese', 'artık başlasın', 'gönderimi başlatın', 'tüm listeye gönder', 'listenin hepsine gönder'],
    ur: ['launch karo', 'chalao', 'chalu karo', 'shuru karo', 'campaign chalao', 'sab ko bhej do', 'launch kar do', 'sab ko bhejo', 'bhejna shuru karo', 'campaign launch karo', 'chala do', 'start kar do', 'sab customers ko bhej do'],
  },
  senders: {
    en: ['my sender numbers', 'which senders do i have', 'show senders', 'sender numbers list', 'how many senders do i have'],
    tr: ['göndericiler ne durumda', 'gönderici listesi', 'kaç göndericim var', 'göndericilerim', 'gönderen numaralarım', 'hangi numaralardan gönderiliyor', 'gönderen numaralar hangileri'],
    ur: ['mere senders kaun se hain', 'senders ki list', 'kitne sender hain'],
  },
  'pause-sender': {
    en: ['pause sender', 'stop sender', 'hold the sender', 'pause the sender number', 'stop sender number', 'pause sending from this sender', 'hold sender number'],
    tr: ['göndericiyi durdur', 'göndericiyi duraklat', 'göndericiyi beklet', 'göndericiyi şimdilik durdur', 'numaralı göndericiyi beklet', 'göndericiden göndermeyi durdur', 'göndereni durdur', 'numaralı göndereni beklet', 'göndericiyi bir süre kapat'],
    ur: ['sender roko', 'sender band karo', 'sender pause karo', 'sender ko roko', 'sender ko band kar do', 'sender number band karo'],
  },
  'resume-sender': {
    en: ['resume sender', 'restart the sender', 'sender back on', 'unpause the sender', 'resume the sender number', 'let the sender send again', 'start the sender again'],
    tr: ['göndericiyi sürdür', 'göndericiyi tekrar başlat', 'göndericiyi aç', 'göndericiyi yeniden aç', 'numaralı göndericiyi sürdür', 'gönderici tekrar göndersin', 'göndericiye devam et', 'göndereni tekrar aç', 'göndericiyi tekrar aç', 'gönderici yeniden açılsın'],
    ur: ['sender chalao', 'sender resume karo', 'sender dobara chalu karo', 'sender ko dobara chalao', 'sender wapas chalu karo', 'sender number resume karo'],
  },
  pause: {
    en: ['pause', 'stop it for a while', 'stop for now', 'hold it', 'put it on hold'],
    tr: ['duraklat', 'durdur', 'kampanyayı durdur', 'durdurur musun', 'şimdilik durdurun', 'bir süre beklet', 'duraklatır mısın'],
    ur: ['roko', 'rok do', 'band karo thori der', 'pause karo', 'ruk jaye', 'abhi roko', 'temporarily band karo'],
  },
  resume: {
    en: ['resume', 'continue it', 'start it again', 'pick it back up', 'unpause'],
    tr: ['devam et', 'sürdür', 'tekrar başlat', 'kaldığı yerden devam etsin', 'duraklatmayı kaldır'],
    ur: ['resume karo', 'phir se chalao', 'wapas chalu karo', 'unpause kar do', 'dobara shuru karo'],
  },
  cancel: {
    en: ['cancel', 'cancel it', 'cancel for good', 'stop it permanently', 'kill the campaign', 'cancel it no more sending', 'i want to cancel this one', 'cancel that promotion', 'cancel the whole thing', 'call it off', 'cancel my promotion please', 'cancel this campaign for good'],
    tr: ['iptal', 'iptal et', 'tamamen iptal', 'kalıcı olarak iptal', 'iptal edin', 'iptal edelim', 'iptal etmek istiyorum', 'tamamen iptal edin', 'bir daha gönderilmesin iptal'],
    ur: ['cancel karo', 'cancel kar do', 'hamesha ke liye band karo', 'hamesha ke liye band kar do', 'campaign cancel karo', 'radd karo', 'campaign khatam karo', 'is campaign ko cancel kar do'],
  },
  status: {
    en: ['status', 'status of the campaign', 'how is it going', 'whats happening with it', 'update on the campaign', 'how many were delivered', 'progress', 'how far is it', 'is it done yet', 'how many read it', 'delivery report', 'stats of the campaign', 'how many failed', 'give me the numbers', 'did it reach everyone', 'has it gone out to all', 'campaign progress', 'how many got it', 'status of campaign'],
    tr: ['durumu', 'ne durumda', 'ne aşamada', 'kampanyanın durumu', 'herkese ulaştı mı', 'kaç kişiye gitti', 'nasıl gidiyor', 'kaç kişi okudu', 'kaç mesaj gitti', 'rapor', 'gönderim durumu', 'bitti mi', 'kaçı ulaştı', 'durum nedir', 'istatistikleri göster', 'istatistikler', 'gönderilen ve okunan sayıları', 'rakamları göster', 'sonuçlar nasıl', 'kaç kişi gördü', 'durumu nedir', 'ne durumda şu an'],
    ur: ['status batao', 'kya haal hai', 'kitno ne parha', 'kitne deliver hue', 'sent delivered read batao', 'kahan tak pohanchi', 'report batao', 'kitne bhej diye', 'kitne pohanch gaye', 'khatam hui ya nahi', 'report do', 'kitne fail hue', 'status kya hai', 'update do', 'kitne logon ne dekha', 'sent aur delivered kitne', 'kitne logon tak gayi', 'kitno tak pohanchi', 'kitne logon ne parh liya'],
  },
  'export-data': {
    en: ['backup of my data', 'a backup of contacts and campaigns', 'download my account data'],
    tr: ['verilerimi indir', 'verilerimin yedeği', 'bütün bilgilerimi indir', 'yedek al', 'verileri dışa aktar', 'hesap bilgilerimi indir', 'kişilerimin yedeği', 'tüm verilerimin yedeğini istiyorum', 'yedek gönder', 'kişilerin ve kampanyaların yedeği'],
    ur: ['data export karo', 'mera sara data', 'backup chahiye', 'data download karna hai', 'sara data bhej do', 'backup bhejo', 'contacts ka backup', 'sab data ka backup', 'contacts aur campaigns ka data bhejo'],
  },
  'delete-account': {
    en: ['close my account', 'cancel my account', 'how do i delete my account', 'shut down my account', 'i want to delete my account', 'close this account for good', 'get rid of my account', 'remove my account completely', 'delete my whole account', 'delete my account and all data'],
    tr: ['hesabımı kapat', 'hesabımı silin', 'hesabı sil', 'üyeliğimi iptal et', 'hesabımı silmek istiyorum', 'hesabımı kapatmak istiyorum', 'hesabı kapat', 'üyeliğimi sil', 'hesabımı tamamen kaldırın', 'hesabımı nasıl kapatırım', 'hesabımı silmenizi istiyorum', 'hesabı tamamen sil', 'hesabımı kapatır mısınız', 'üyeliğimi sonlandır', 'hesabımı nasıl silebilirim'],
    ur: ['account delete karo', 'account band karo', 'mera account hata do', 'account band kar do', 'mujhe account delete karna hai', 'account band karna hai', 'mera account khatam kar do', 'account hamesha ke liye delete karo', 'account hata do', 'mera account khatam karo'],
  },
  [NONE_INTENT]: {
    en: ['whats the weather today', 'who won the match', 'thank you', 'how are you', 'see you tomorrow', 'is it going to rain', 'send me a joke', 'okay cool', 'thanks a lot', 'good night', 'whats up', 'what time do you close', 'my phone is broken', 'where is my order', 'happy eid to you', 'ok noted', 'who made this'],
    tr: ['maç kaç kaç bitti', 'nasılsın', 'peki', 'yarın görüşürüz', 'yağmur yağacak mı', 'tamamdır sağol', 'eyvallah', 'iyi geceler', 'teşekkür ederim', 'hava nasıl', 'bugün hava çok sıcak', 'görüşürüz', 'saat kaç oldu', 'dükkan kaçta açılıyor', 'siparişim nerede', 'sonra konuşuruz', 'iyi bayramlar', 'tamam anladım', 'çay içelim mi'],
    ur: ['ok theek', 'mausam kaisa hai', 'match kaun jeeta', 'kal milte hain', 'baarish hogi kya', 'time kya hua hai', 'acha theek', 'khuda hafiz', 'shukriya bhai', 'aaj garmi bohat hai', 'kya haal hai bhai', 'theek hai shukriya', 'namaz ka waqt kya hai', 'order kab aayega', 'baad mein call karta hun', 'dukaan kab khulti hai', 'theek hai samajh gaya', 'chai pi lo', 'ghar ja raha hun', 'aap kaun ho'],
  },
};

/** Every phrasing for the commands given (and the no-command ones), as training sentences. */
export function phrasingsFor(commands: ReadonlyArray<{ id: string }>): Array<{ lang: Lang; intent: string; text: string }> {
  const ids = new Set([...commands.map((c) => c.id), NONE_INTENT]);
  const out: Array<{ lang: Lang; intent: string; text: string }> = [];
  for (const [intent, byLang] of Object.entries(TRAINING_PHRASINGS)) {
    if (!ids.has(intent)) continue;
    for (const [lang, list] of Object.entries(byLang) as Array<[Lang, readonly string[]]>) for (const text of list) out.push({ lang, intent, text });
  }
  return out;
}
