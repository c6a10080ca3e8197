// Roman Urdu (Urdu in Latin letters). Same keys and {placeholders} as en.ts (a test checks);
// a missing key shows English.
import type { MessageKey } from './en.js';

export const ur = {
  // router
  'router.not_understood': 'Maaf kijiye, samajh nahi aaya. Commands dekhne ke liye *madad* likhein.',
  'router.did_you_mean': 'Kya aap ka matlab tha: *{usage}* ({summary})? Sab commands ke liye *madad* likhein.',
  'router.usage_hint': '{summary} ke liye likhein: *{usage}*\nMisaal: {example}',
  'router.too_long': 'Yeh message {length} characters ka hai; main zyada se zyada 4,096 parh sakta hoon. Chhota message bhejein (lambi number list .txt ya .csv file mein bhejein).',
  'router.unsupported_media': 'Main sirf .txt, .csv ya .vcf contact files parh sakta hoon. Yeh attachment ({kind}) istemal nahi hua.',
  'router.media_needs_caption': 'Yeh file upload karne ke liye isay is caption ke saath dobara bhejein: *NAAM mein contacts upload karo*',
  'router.rate_limited': 'Aap bohat tezi se commands bhej rahe hain (aik minute mein zyada se zyada {limit}). Aik minute ruk kar dobara koshish karein.',
  'router.terms_needed': 'Shuru karne se pehle hamari sharait parhein (version {version}):\n\n{body}\n\nManzoor karne ke liye *AGREE* likhein.',
  'router.terms_needed_not_owner': 'Account ke owner ne abhi tak nayi sharait manzoor nahi keen. Pehle owner *AGREE* likhe.',
  'router.suspended': 'Aap ka account muattal hai{reason}. Dobara chalu hone tak aap yeh use kar sakte hain: madad, balance, plan, pay.',
  'router.suspended_reason': ' ({reason})',
  'router.not_allowed': 'Aap ka role ({role}) *{command}* nahi chala sakta. Account owner se kahein.',
  'router.missing_arg': '{arg} nahi diya. Aise likhein: *{usage}*',
  'router.bad_name': '"{value}" sahi naam nahi: 1 se 64 haroof, hindsay, space, - ya _ istemal karein.',
  'router.bad_phone': '"{value}" mobile number nahi hai ({reason}).',
  'router.bad_amount': '"{value}" sahi raqam nahi: 1 se 10,000,000 tak poora adad likhein.',
  'router.confirm_prompt': '{description}\n\nAage barhne ke liye 5 minute ke andar *HAAN {code}* likhein. Kuch na karna ho to yeh message nazarandaz karein.',
  'router.confirm_expired': 'Code {code} expire ho gaya (codes 5 minute chalte hain). Kuch nahi hua; naye code ke liye command dobara bhejein.',
  'router.confirm_unknown': 'Aap ke number ke liye code {code} wala koi kaam baqi nahi. Kuch nahi hua.',
  'router.internal_error': 'Hamari taraf se kuch masla ho gaya. Aik minute baad dobara koshish karein; phir bhi ho to support se rabta karein.',

  // argument names, as usage lines write them
  'arg.name': 'NAAM',
  'arg.list': 'LIST',
  'arg.text': 'TEXT',
  'arg.phone': 'NUMBER',
  'arg.amount': 'AMOUNT',
  'arg.lines': 'LINES',
  'arg.command': 'COMMAND',

  'role.owner': 'maalik',
  'role.manager': 'manager',
  'role.viewer': 'sirf dekhne wala',

  'status.campaign.draft': 'draft',
  'status.campaign.demo_sent': 'demo bhej diya, abhi launch nahi hui',
  'status.campaign.running': 'chal rahi hai',
  'status.campaign.paused': 'ruki hui',
  'status.campaign.completed': 'mukammal',
  'status.campaign.cancelled': 'cancel ho gayi',

  'reason.phone.invalid': 'ghalat',
  'reason.phone.landline': 'landline',
  'reason.phone.too_short': 'bohat chhota',
  'reason.phone.too_long': 'bohat lamba',
  'reason.phone.not_a_phone': 'phone number nahi',
  'reason.outbox.not_on_whatsapp': 'WhatsApp par nahi',
  'reason.outbox.reach_out_locked': 'WhatsApp ne sender rok diya',
  'reason.outbox.other': 'bhejne mein ghalti',

  'duration.days': '{n} din',
  'duration.hours': '{n} ghante',
  'duration.minutes': '{n} minute',
  'duration.under_minute': 'aik minute se kam',

  'list.not_found': '"{name}" naam ki koi list nahi hai.',
  'list.gone': 'Yeh list ab is account mein mojood nahi.',
  'list.exists': '"{name}" naam ki list pehle se mojood hai.',
  'list.name_missing': 'List ka naam zaroori hai.',
  'list.name_too_long': 'List ka naam zyada se zyada {max} haroof ka ho sakta hai.',
  'upload.too_large': 'File bohat bari hai ({size}); zyada se zyada {max} qabool hai. Isay choti files mein taqseem karein.',
  'phone.invalid': '"{value}" mobile number nahi hai ({reason}).',
  'credits.insufficient': 'Credits kaafi nahi: {needed} chahiye, {available} mojood hain.',

  'campaign.not_found': '"{name}" naam ki koi campaign nahi hai.',
  'campaign.exists': '"{name}" naam ki campaign pehle se mojood hai.',
  'campaign.name_missing': 'Campaign ka naam zaroori hai.',
  'campaign.name_too_long': 'Campaign ka naam zyada se zyada {max} haroof ka ho sakta hai.',
  'campaign.text_empty': 'Campaign ka text khaali hai.',
  'campaign.text_too_long': 'Campaign ka text {length} haroof ka hai; zyada se zyada {max} ho sakta hai.',
  'campaign.demo_bad_phone': '"{phone}" par demo nahi ja sakta, yeh mobile number nahi.',
  'campaign.demo_launched': '"{name}" campaign is waqt: {status}; demo sirf us campaign ka hota hai jo abhi launch nahi hui.',
  'campaign.list_deleted': '"{name}" campaign ki list mita di gayi; campaign dobara banayein.',
  'campaign.edit_launched': '"{name}" campaign is waqt: {status}; sirf woh campaign badli ja sakti hai jo launch nahi hui.',
  'campaign.pause_not_running': '"{name}" campaign is waqt: {status}; sirf chalti campaign roki ja sakti hai.',
  'campaign.resume_not_paused': '"{name}" campaign is waqt: {status}; sirf ruki hui campaign dobara chalai ja sakti hai.',
  'campaign.resume_suspended': 'Account muattal hai; account bahaal hone par campaigns dobara chalengi.',
  'campaign.cancel_finished': '"{name}" campaign pehle hi {status}.',
  'campaign.launch.wrong_state': '"{name}" campaign pehle se {status}; dobara launch nahi ho sakti.',
  'campaign.launch.suspended': 'Launch nahi hui: account muattal hai; dobara active hone tak campaign launch nahi ho sakti.',
  'campaign.launch.terms_not_accepted': 'Launch nahi hui: nayi sharait abhi manzoor nahi huin; parh kar *AGREE* likhein.',
  'campaign.launch.no_demo': 'Pehle "{name}" ka demo bhejein (*demo bhejo {name}*): campaign sirf mojooda text ke demo ke baad launch hoti hai.',
  'campaign.launch.banned_content': 'Launch nahi hui: text mein mamnoo lafz hai: "{word}". Campaign theek karein aur naya demo bhejein.',
  'campaign.launch.list_deleted': 'Launch nahi hui: "{name}" campaign ki list mita di gayi.',
  'campaign.launch.too_small': 'Launch nahi hui: list mein {contacts} numbers hain; aap ke plan ki kam az kam campaign size {minimum} hai.',
  'campaign.launch.nobody_left': 'Launch nahi hui: list ke sab numbers ne opt-out kar liya hai; bhejne ke liye koi nahi.',
  'campaign.launch.no_healthy_sender': 'Launch nahi hui: campaigns ke liye koi sender number connected nahi; number link karein (ya ruka hua resume karein) aur dobara koshish karein.',
  'campaign.launch.insufficient_credits': 'Launch nahi hui: is campaign ko {needed} credits chahiye aur {available} mojood hain; {more} mazeed top up karein.',

  'campaign.warning.banned_word': 'text mein mamnoo lafz "{word}" hai; launch nahi hogi',
  'campaign.warning.empty_variable': 'list mein kisi contact ka "{var}" nahi; {{{var}}} khaali rahega (mutabadil ke liye {{{var}|kuch}} likhein)',

  // commands: summaries (help) and replies
  // agree
  'cmd.agree.summary': 'nayi sharait manzoor karein',
  'cmd.agree.done': 'Shukriya: sharait version {version} manzoor ho gayin. Commands dekhne ke liye *madad* likhein.',
  'cmd.agree.already': 'Aap version {version} pehle hi manzoor kar chuke hain.',
  'cmd.agree.owner_only': 'Sharait sirf account owner manzoor kar sakta hai.',
  // balance
  'cmd.balance.summary': 'credits, plan, aaj ki limit aur agla bill',
  'cmd.balance.body': 'Dastiyab credits: {available}\nChalti campaigns ke liye reserved: {reserved}\nPlan: {plan}\nAaj baqi messages: {limit} mein se {left}\nAgla bill: {bill}',
  'cmd.balance.no_bill': 'koi bill tay nahi',
  'cmd.balance.invoice_due': '{amount} {currency}, aakhri tareekh {date}',
  // campaigns
  'cmd.campaigns.summary': 'aap ki campaigns aur un ki halat',
  'cmd.campaigns.none': 'Abhi koi campaign nahi. Likhein: *campaign banao NAAM LIST: TEXT*',
  'cmd.campaigns.head': 'Aap ki campaigns:',
  'cmd.campaigns.line': '• {name} ({status}) — list {list}, {recipients} recipients',
  // cancel
  'cmd.cancel.summary': 'campaign hamesha ke liye khatam karein',
  'cmd.cancel.ask': '"{name}" campaign ({status}) cancel karein? Jo messages abhi nahi gaye woh kabhi nahi jayenge aur un ke credits wapas. Yeh wapas nahi hoga.',
  'cmd.cancel.done': '"{name}" campaign cancel: {skipped} messages nahi jayenge, {credits} credits wapas.',
  // create-campaign
  'cmd.create-campaign.summary': 'kisi list ke liye campaign message likhein',
  'cmd.create-campaign.done': '"{name}" campaign "{list}" list ke liye ban gayi. Aik recipient yeh parhega:\n\n{preview}\n\nAgla qadam: apne phone par dekhne ke liye *demo bhejo {name}*, phir *{name} launch karo*.',
  'cmd.create-campaign.warnings': 'Baraye meharbani check karein: {w}',
  // create-list
  'cmd.create-list.summary': 'nayi contact list banayein',
  'cmd.create-list.done': '"{name}" list ban gayi. Numbers daalne ke liye: *{name} mein contacts upload karo* (har line mein aik number, ya .txt/.csv/.vcf file lagayein).',
  // delete-account
  'cmd.delete-account.summary': 'apna account aur data mitayein',
  'cmd.delete-account.ask': '"{name}" account delete karein? Lists, contacts, campaigns, sender numbers aur members mita diye jayenge; chalti campaigns cancel. Bills aur payment records qanoon ke mutabiq 7 saal rakhe jayenge. Yeh wapas nahi hoga. Copy chahiye to pehle *mera data export karo* likhein.',
  'cmd.delete-account.done': 'Aap ka account delete ho gaya. {cancelled} campaigns cancel huin. Billing records qanoon ke mutabiq rakhe gaye. Khuda hafiz.',
  // export-data
  'cmd.export-data.summary': 'apne saare data ki copy lein',
  'cmd.export-data.done': 'Aap ke account ka saara data JSON file mein haazir hai.',
  // help
  'cmd.help.summary': 'commands ki list, ya kisi aik ki tafseel',
  'cmd.help.title': 'Aap yeh commands use kar sakte hain:',
  'cmd.help.example': 'misaal',
  'cmd.help.more': 'Tafseel ke liye *madad COMMAND* likhein, misaal: madad launch.',
  'cmd.help.unknown': '"{command}" naam ki koi command nahi. List ke liye *madad* likhein.',
  'cmd.help.confirm_note': 'Pehle confirmation code maangti hai.',
  'cmd.help.role_note': 'Zaroori role: {role}.',
  // launch
  'cmd.launch.summary': 'campaign bhejna shuru karein',
  'cmd.launch.ask': '"{name}" launch karein?\nRecipients: {recipients} ({skipped} opt-out, chhor diye jayenge)\nReserve honay walay credits: {credits}\nAndaazan waqt: {eta}',
  'cmd.launch.no_sender': 'sender number connect hone tak maloom nahi',
  'cmd.launch.done': '"{name}" campaign chal rahi hai: {recipients} messages qatar mein, {credits} credits reserve. Messages aik aik kar ke jate hain; kabhi bhi *status {name}* likhein.',
  // list-info
  'cmd.list-info.summary': 'aik list ki tafseel',
  'cmd.list-info.body': '"{name}" list: {contacts} contacts, jin mein se {suppressed} ne opt-out kiya (launch par chhor diye jayenge).\nColumns: {vars}\nCampaigns: {campaigns}',
  'cmd.list-info.none': 'koi nahi',
  // lists
  'cmd.lists.summary': 'aap ki contact lists',
  'cmd.lists.none': 'Abhi koi contact list nahi. Banayein: *list banao NAAM*',
  'cmd.lists.head': 'Aap ki lists:',
  'cmd.lists.line': '• {name}: {n} contacts',
  // pause
  'cmd.pause.summary': 'chalti campaign rokein',
  'cmd.pause.done': '"{name}" campaign rok di gayi. Jo messages WhatsApp ko de diye gaye woh phir bhi pohanchenge. Dobara chalane ke liye *{name} resume karo*.',
  // pay
  'cmd.pay.summary': 'baqi bills aur payment ka tareeqa',
  'cmd.pay.none': 'Aap ka koi bill baqi nahi.',
  'cmd.pay.head': 'Baqi bills:',
  'cmd.pay.line': '• #{id}: {amount} {currency}, aakhri tareekh {date}',
  'cmd.pay.how': 'JazzCash, Easypaisa, bank transfer ya cash se bill #{id} ka hawala de kar payment karein. Hamari team payment darj karegi aur aap ka account update (aur muattal ho to bahaal) ho jayega.',
  // plan
  'cmd.plan.summary': 'aap ka plan aur us ki limits',
  'cmd.plan.body': 'Plan: {name} ({price} {currency}, {period})\nRozana message limit: {daily}\nSender numbers ki ijazat: {senders}\nCampaign ka kam az kam size: {min}\nFi message credits: {cpm}',
  // remove-contact
  'cmd.remove-contact.summary': 'list se aik number hatayein',
  'cmd.remove-contact.ask': '{phone} ko "{name}" list se nikal dein?',
  'cmd.remove-contact.done': '{phone} "{name}" se nikal diya gaya.',
  'cmd.remove-contact.absent': '{phone} "{name}" mein tha hi nahi; kuch nahi badla.',
  // resume
  'cmd.resume.summary': 'ruki hui campaign dobara chalayein',
  'cmd.resume.ask': '"{name}" campaign baqi recipients ko dobara bhejna shuru karein?',
  'cmd.resume.done': '"{name}" campaign dobara chal rahi hai.',
  // send-demo
  'cmd.send-demo.summary': 'campaign message apne phone par mangwayein',
  'cmd.send-demo.done': '"{name}" ka demo {phone} par bhej diya. Theek lage to *{name} launch karo*.',
  'cmd.send-demo.changed': 'Demo bhejte waqt "{name}" ka text badal gaya; demo dobara bhejein.',
  // status
  'cmd.status.summary': 'campaign ki pesh raft',
  'cmd.status.body': '"{name}" campaign ({status}): {progress}% mukammal\nQatar mein: {queued} · Ja rahe: {sending}\nBheje: {sent} · Pohanche: {delivered} · Parhe: {read}\nNakaam: {failed}{failedWhy} · Ghair yaqeeni (refund): {uncertain}\nChhore (opt-out): {optedOut} · Chhore (deegar): {skippedOther}\nAndaazan khatam: {eta}',
  'cmd.status.no_eta': '—',
  // terms
  'cmd.terms.summary': 'service ki sharait parhein',
  'cmd.terms.head': 'Sharait, version {version}:',
  'cmd.terms.accepted': 'Aap ka account yeh version manzoor kar chuka hai.',
  'cmd.terms.pending': 'Manzoor karne ke liye *AGREE* likhein.',
  // topup
  'cmd.topup.summary': 'mazeed credits ki darkhwast',
  'cmd.topup.done': '{credits} credits ki top-up request #{id} hamari team ke paas hai. #{id} ka hawala de kar JazzCash, Easypaisa, bank transfer ya cash se payment karein; payment confirm hote hi credits add ho jayenge.',
  // upload-contacts
  'cmd.upload-contacts.summary': 'list mein numbers daalein (lines ya file)',
  'cmd.upload-contacts.nothing': 'Numbers command ke neeche har line mein aik likhein, ya *{name} mein contacts upload karo* caption ke saath .txt, .csv ya .vcf file bhejein.',
  'cmd.upload-contacts.result': '"{name}" list: {accepted} numbers add huay.\nDuplicate chhor diye: upload mein {dupFile}, list mein pehle se {dupList}.\nRad kiye gaye (koi charge nahi): {rejectedTotal}{reasons}',

  'file.rejected_lines.caption': '"{name}" upload ki rad shuda lines',
  'file.export.caption': 'Aap ke account ka data, {date}',

  'notice.sender.paused': 'Aap ka sender #{id} rok diya gaya: {reason}. Aap ki campaigns baqi senders se chalti rahengi; masla theek ho jaye to *sender {id} resume karo* bhejein.',
  'notice.sender.reason.rate_limited': 'WhatsApp ne is number ko aahista bhejne ko kaha',
  'notice.sender.reason.errors': 'lagataar {count} dafa bhejne mein ghalti',
  'notice.billing.due_today': 'Bill #{id} ({amount}) ki aakhri tareekh aaj hai. Payment ki tafseel ke liye *pay* likhein; bill na dene par mohlat ke baad account muattal ho jata hai.',
  'notice.billing.due_tomorrow': 'Bill #{id} ({amount}) ki aakhri tareekh kal ({date}) hai. Payment ki tafseel ke liye *pay* likhein; bill na dene par mohlat ke baad account muattal ho jata hai.',
  'notice.billing.due_in': 'Bill #{id} ({amount}) ki aakhri tareekh {days} din baad ({date}) hai. Payment ki tafseel ke liye *pay* likhein; bill na dene par mohlat ke baad account muattal ho jata hai.',
  'notice.billing.email_subject': 'Bill #{id} ki yaad dehani',
  'notice.account.suspended_unpaid': 'Aap ka account muattal kar diya gaya: bill #{id} ({amount}) {graceDays} din ki mohlat ke baad bhi ada nahi hua. Campaigns ruk gayi hain; aap ab bhi *balance*, *madad* aur *pay* likh sakte hain. Payment darj hote hi account bahaal ho jayega.',
  'notice.account.suspended_reason.unpaid': 'bill #{id} {date} se ada nahi hua',
  'notice.topup.approved': 'Aap ki top-up request #{id} manzoor ho gayi: {credits} credits add ho gaye. Ab dastiyab credits: {available}.',
  'notice.topup.rejected': '{credits} credits ki top-up request #{id} manzoor nahi hui. Agar yeh ghalti lagay to *pay* likhein ya hum se rabta karein.',
  'notice.campaign.completed': '"{name}" campaign mukammal ho gayi: {sent} bheje, {delivered} pohanche, {read} parhe, {failed} nakaam. Tafseel ke liye *status {name}* likhein.',
} satisfies Partial<Record<MessageKey, string>>;
