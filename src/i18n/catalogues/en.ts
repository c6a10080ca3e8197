// English: every text an owner or member can receive by chat or notice, by flat key.
// Key scheme: router.* (the router's own replies), cmd.<command id>.* (a command's replies
// and its help summary), <domain>.* (coded refusals services throw: campaign.*, list.*,
// upload.*, phone.*, credits.*), status.* (state names shown to owners), reason.* (why a
// number or message was refused), notice.* (what jobs send on their own), file.*.caption,
// duration.*. {name} placeholders are filled by t(); every language has the same ones.
export const en = {
  // router
  'router.not_understood': 'Sorry, I didn\'t understand that. Send *help* to see what I can do.',
  'router.did_you_mean': 'Did you mean: *{usage}* ({summary})? Send *help* to see every command.',
  'router.usage_hint': 'To {summary}, write: *{usage}*\nFor example: {example}',
  'router.too_long': 'That message is {length} characters long; I read at most 4,096. Please send a shorter one (attach long number lists as a .txt or .csv file).',
  'router.unsupported_media': 'I can only read contact files in .txt, .csv or .vcf format. This attachment ({kind}) was not used.',
  'router.media_needs_caption': 'To upload this file, send it again with the caption: *upload contacts to NAME*',
  'router.rate_limited': 'You are sending commands too fast (at most {limit} a minute). Please wait a minute and try again.',
  'router.terms_needed': 'Before you start, please read our terms (version {version}):\n\n{body}\n\nReply *AGREE* to accept them.',
  'router.terms_needed_not_owner': 'This account\'s owner has not accepted the current terms yet. The owner must reply *AGREE* first.',
  'router.suspended': 'Your account is suspended{reason}. Until it is reactivated you can use: help, balance, plan, pay.',
  'router.suspended_reason': ' ({reason})',
  'router.not_allowed': 'Your role ({role}) may not run *{command}*. Ask the account owner.',
  'router.missing_arg': 'Missing {arg}. Write: *{usage}*',
  'router.bad_name': '"{value}" is not a usable name: use 1 to 64 letters, digits, spaces, - or _.',
  'router.bad_phone': '"{value}" is not a mobile number ({reason}).',
  'router.bad_amount': '"{value}" is not a valid amount: write a whole number of credits from 1 to 10,000,000.',
  'router.confirm_prompt': '{description}\n\nTo go ahead, reply *YES {code}* within 5 minutes. Ignore this message to do nothing.',
  'router.confirm_expired': 'Code {code} has expired (codes last 5 minutes). Nothing was done; send the command again for a new code.',
  'router.confirm_unknown': 'There is no pending action with code {code} for your number. Nothing was done.',
  'router.internal_error': 'Something went wrong on our side while doing that. Please try again in a minute; if it keeps happening, contact support.',

  // argument names, as usage lines write them
  'arg.name': 'NAME',
  'arg.list': 'LIST',
  'arg.text': 'TEXT',
  'arg.phone': 'NUMBER',
  'arg.amount': 'AMOUNT',
  'arg.lines': 'LINES',
  'arg.command': 'COMMAND',

  // roles, as shown in replies
  'role.owner': 'owner',
  'role.manager': 'manager',
  'role.viewer': 'viewer',

  // campaign states, as owners read them (never the internal names)
  'status.campaign.draft': 'draft',
  'status.campaign.demo_sent': 'demo sent, not launched yet',
  'status.campaign.running': 'running',
  'status.campaign.paused': 'paused',
  'status.campaign.completed': 'completed',
  'status.campaign.cancelled': 'cancelled',

  // why a line of an upload or a typed number is not a mobile number
  'reason.phone.invalid': 'invalid',
  'reason.phone.landline': 'landline',
  'reason.phone.too_short': 'too short',
  'reason.phone.too_long': 'too long',
  'reason.phone.not_a_phone': 'not a phone',
  // why a message of a campaign failed or was skipped
  'reason.outbox.not_on_whatsapp': 'not on WhatsApp',
  'reason.outbox.reach_out_locked': 'sender locked by WhatsApp',
  'reason.outbox.other': 'send error',

  // durations
  'duration.days': '{n} d',
  'duration.hours': '{n} h',
  'duration.minutes': '{n} min',
  'duration.under_minute': 'under a minute',

  // refusals of the contacts service
  'list.not_found': 'There is no list named "{name}".',
  'list.gone': 'That list does not exist (any more) on this account.',
  'list.exists': 'A list named "{name}" already exists.',
  'list.name_missing': 'The list needs a name.',
  'list.name_too_long': 'A list name can be at most {max} characters.',
  'upload.too_large': 'The file is too large ({size}); the most we accept is {max}. Split it into smaller files.',
  'upload.binary': 'This file is not a text file of contacts (it looks like a picture, a document or a spreadsheet). Save the contacts as CSV or plain text, one number per line, and send that file.',
  'upload.line_too_long': 'Line {line} of the file is far too long ({chars} characters) to be a contact. Check that the file has one contact per line and send it again.',
  'upload.bad_csv': 'The file could not be read as CSV near line {line} (an opening quote is never closed, or a line is broken). Open it in Excel or Sheets, save it again as CSV and send it.',
  'upload.download_failed': 'I could not fetch the file from WhatsApp (the download broke off). Nothing was added; please send the file again.',
  'upload.queued': 'Your previous upload is still being read; this one starts as soon as it is done.',
  'export.queued': 'An export of your data is already being prepared; this one starts as soon as it is done.',
  'phone.invalid': '"{value}" is not a mobile number ({reason}).',
  'credits.insufficient': 'Not enough credits: {needed} needed, {available} available.',

  // refusals of the campaign service
  'campaign.not_found': 'There is no campaign named "{name}".',
  'campaign.exists': 'A campaign named "{name}" already exists.',
  'campaign.name_missing': 'The campaign needs a name.',
  'campaign.name_too_long': 'A campaign name can be at most {max} characters.',
  'campaign.text_empty': 'The campaign text is empty.',
  'campaign.text_too_long': 'The campaign text is {length} characters; the most is {max}.',
  'campaign.demo_bad_phone': '"{phone}" is not a mobile number to send the demo to.',
  'campaign.demo_launched': 'Campaign "{name}" is {status}; a demo is only for a campaign not yet launched.',
  'campaign.list_deleted': 'The list of campaign "{name}" was deleted; create the campaign again.',
  'campaign.edit_launched': 'Campaign "{name}" is {status}; only a campaign that has not been launched can be edited.',
  'campaign.pause_not_running': 'Campaign "{name}" is {status}; only a running campaign can be paused.',
  'campaign.resume_not_paused': 'Campaign "{name}" is {status}; only a paused campaign can be resumed.',
  'campaign.resume_suspended': 'The account is suspended; campaigns resume once it is reactivated.',
  'campaign.cancel_finished': 'Campaign "{name}" is already {status}.',
  'campaign.launch.wrong_state': 'Campaign "{name}" is already {status}; it cannot be launched again.',
  'campaign.launch.suspended': 'Launch refused: the account is suspended; campaigns cannot be launched until it is reactivated.',
  'campaign.launch.terms_not_accepted': 'Launch refused: the latest terms of service have not been accepted yet; reply *AGREE* after reading them.',
  'campaign.launch.no_demo': 'Send a demo of "{name}" first (*send demo {name}*): a campaign launches only after a demo of its current text.',
  'campaign.launch.banned_content': 'Launch refused: the text contains the banned word "{word}"; edit the campaign and send a new demo.',
  'campaign.launch.list_deleted': 'Launch refused: the list of campaign "{name}" was deleted.',
  'campaign.channel.subject_missing': 'An e-mail campaign needs a subject: create campaign NAME for LIST by email: SUBJECT | TEXT',
  'campaign.channel.subject_too_long': 'The e-mail subject is too long (200 characters at most).',
  'campaign.channel.fallback_whatsapp_only': 'Only a WhatsApp campaign can fall back to SMS.',
  'campaign.launch.no_email_contacts': 'Launch refused: no contact of this list has an e-mail address. Upload the list again with an e-mail column.',
  'campaign.launch.no_channel_sender': 'Launch refused: there is no {channel} provider for your account yet. Ask the admin to set one up.',
  'unsubscribe.done': 'You are unsubscribed: {email} will get no more e-mails from this sender.',
  'unsubscribe.invalid': 'This unsubscribe link is not valid.',
  'campaign.launch.too_small': 'Launch refused: the list has {contacts} numbers; your plan\'s minimum campaign size is {minimum}.',
  'campaign.launch.nobody_left': 'Launch refused: every number on the list has opted out; there is no one to send to.',
  'campaign.launch.no_healthy_sender': 'Launch refused: no sender number is connected for campaigns; link a number (or resume a paused one) and try again.',
  'campaign.launch.insufficient_credits': 'Launch refused: this campaign needs {needed} credits and {available} are available; top up {more} more.',

  'campaign.warning.banned_word': 'the text contains the banned word "{word}"; launch will be refused',
  'campaign.warning.empty_variable': 'no contact on the list has "{var}"; {{{var}}} will be empty (write {{{var}|something}} for a fallback)',

  // refusals of the senders service
  'sender.not_found': 'There is no sender session with id {id}.',
  'sender.not_paused': 'Sender #{id} is not paused.',
  'sender.already_paused': 'Sender #{id} is already paused.',
  'sender.limit': 'The plan allows {allowed} sender numbers and {used} are in use already.',
  'sender.already_linked': '{phone} is linked already.',
  'sender.pairing_timeout': 'No pairing code arrived for sender #{id}: no running wa-chatops process took the request. Please try again in a minute.',
  'sender.number_not_found': 'There is no sender {number}; send *senders* to see them.',

  // commands: summaries (help) and replies
  // agree
  'cmd.agree.summary': 'accept the current terms',
  'cmd.agree.done': 'Thank you: terms version {version} accepted. Send *help* to see what you can do.',
  'cmd.agree.already': 'You already accepted terms version {version}.',
  'cmd.agree.owner_only': 'Only the account owner can accept the terms.',
  // balance
  'cmd.balance.summary': 'credits, plan, today\'s limit and next bill',
  'cmd.balance.body': 'Credits available: {available}\nReserved for running campaigns: {reserved}\nPlan: {plan}\nMessages left today: {left} of {limit}\nNext bill: {bill}',
  'cmd.balance.no_bill': 'none scheduled',
  'cmd.balance.invoice_due': '{amount} {currency} due {date}',
  // campaigns
  'cmd.campaigns.summary': 'your campaigns and their state',
  'cmd.campaigns.none': 'No campaigns yet. Write one: *create campaign NAME for LIST: TEXT*',
  'cmd.campaigns.head': 'Your campaigns:',
  'cmd.campaigns.line': '• {name} ({status}) — list {list}, {recipients} recipients',
  // cancel
  'cmd.cancel.summary': 'cancel a campaign for good',
  'cmd.cancel.ask': 'Cancel campaign "{name}" ({status})? Messages not yet sent will never be sent and their credits come back. This cannot be undone.',
  'cmd.cancel.done': 'Campaign "{name}" cancelled: {skipped} messages will not be sent, {credits} credits returned.',
  // create-campaign
  'cmd.create-campaign.summary': 'write a campaign message for a list',
  'cmd.create-campaign.by_sms': 'Channel: SMS, {parts} part(s) per message (credits per part).',
  'cmd.create-campaign.by_email': 'Channel: e-mail, subject "{subject}". Every e-mail carries an unsubscribe link.',
  'cmd.create-campaign.sms_fallback': 'Numbers not on WhatsApp get it by SMS instead (never both).',
  'cmd.create-campaign.done': 'Campaign "{name}" created for list "{list}". One recipient will read:\n\n{preview}\n\nNext: *send demo {name}* to get it on your phone, then *launch {name}*.',
  'cmd.create-campaign.warnings': 'Please check: {w}',
  // create-list
  'cmd.create-list.summary': 'make a new contact list',
  'cmd.create-list.done': 'List "{name}" created. Add numbers with: *upload contacts to {name}* (numbers one per line, or attach a .txt/.csv/.vcf file).',
  // delete-account
  'cmd.delete-account.summary': 'erase your account and data',
  'cmd.delete-account.ask': 'Delete account "{name}"? Lists, contacts, campaigns, sender numbers and members are erased; campaigns still sending are cancelled. Invoices and payment records are kept 7 years, as billing law requires. This cannot be undone. Send *export my data* first if you want a copy.',
  'cmd.delete-account.done': 'Your account has been deleted. {cancelled} campaigns were cancelled. Billing records are kept as the law requires. Goodbye.',
  // export-data
  'cmd.export-data.summary': 'get a copy of all your data',
  'cmd.export-data.done': 'Here is all the data we hold about your account, as a JSON file.',
  // help
  'cmd.help.summary': 'list the commands, or explain one',
  'cmd.help.title': 'Commands you can use:',
  'cmd.help.example': 'e.g.',
  'cmd.help.more': 'Send *help COMMAND* for details, e.g. help launch.',
  'cmd.help.unknown': 'There is no command "{command}". Send *help* for the list.',
  'cmd.help.confirm_note': 'Asks for a confirmation code first.',
  'cmd.help.role_note': 'Needs role: {role}.',
  // launch
  'cmd.launch.summary': 'start sending a campaign',
  'cmd.launch.ask': 'Launch "{name}"?\nRecipients: {recipients} ({skipped} opted out, skipped)\nCredits to reserve: {credits}\nEstimated duration: {eta}',
  'cmd.launch.no_sender': 'unknown until a sender number is connected',
  'cmd.launch.done': 'Campaign "{name}" is running: {recipients} messages queued, {credits} credits reserved. Messages go out one at a time; ask *status {name}* any time.',
  // list-info
  'cmd.list-info.summary': 'details of one list',
  'cmd.list-info.body': 'List "{name}": {contacts} contacts, {suppressed} of them opted out (skipped at launch).\nColumns: {vars}\nCampaigns: {campaigns}',
  'cmd.list-info.none': 'none',
  // lists
  'cmd.lists.summary': 'your contact lists',
  'cmd.lists.none': 'You have no contact lists yet. Create one: *create list NAME*',
  'cmd.lists.head': 'Your lists:',
  'cmd.lists.line': '• {name}: {n} contacts',
  // pause
  'cmd.pause.summary': 'pause a running campaign',
  'cmd.pause.done': 'Campaign "{name}" paused. Messages already handed to WhatsApp still arrive. *resume {name}* continues it.',
  // pay
  'cmd.pay.summary': 'unpaid invoices and how to pay',
  'cmd.pay.none': 'You have no unpaid invoices.',
  'cmd.pay.head': 'Unpaid invoices:',
  'cmd.pay.line': '• #{id}: {amount} {currency}, due {date}',
  'cmd.pay.how': 'Pay by JazzCash, Easypaisa, bank transfer or cash, quoting invoice #{id}. Our team records the payment and your account is updated (and reactivated if it was suspended).',
  // plan
  'cmd.plan.summary': 'your plan and its limits',
  'cmd.plan.body': 'Plan: {name} ({price} {currency} {period})\nDaily message limit: {daily}\nSender numbers allowed: {senders}\nMinimum campaign size: {min}\nCredits per message: {cpm}',
  // remove-contact
  'cmd.remove-contact.summary': 'delete one number from a list',
  'cmd.remove-contact.ask': 'Remove {phone} from list "{name}"?',
  'cmd.remove-contact.done': '{phone} removed from "{name}".',
  'cmd.remove-contact.absent': '{phone} was not on "{name}"; nothing changed.',
  // resume
  'cmd.resume.summary': 'continue a paused campaign',
  'cmd.resume.ask': 'Resume sending campaign "{name}" to its remaining recipients?',
  'cmd.resume.done': 'Campaign "{name}" is running again.',
  // send-demo
  'cmd.send-demo.summary': 'get the campaign message on your own phone',
  'cmd.send-demo.done': 'Demo of "{name}" sent to {phone}. If it reads right, *launch {name}*.',
  'cmd.send-demo.changed': 'The text of "{name}" changed while the demo was sent; send the demo again.',
  // status
  'cmd.status.summary': 'progress of a campaign',
  'cmd.status.by_channel': 'By channel: {counts}',
  'cmd.status.channel_counts': '{channel} {sent} sent ({delivered} delivered), {failed} failed, {queued} to go',
  'cmd.status.body': 'Campaign "{name}" ({status}): {progress}% done\nQueued: {queued} · Sending: {sending}\nSent: {sent} (of them delivered: {delivered}, read: {read})\nFailed: {failed}{failedWhy} · Uncertain (refunded): {uncertain}\nSkipped (opted out): {optedOut} · Not on WhatsApp (not charged): {notOnWhatsApp} · Skipped (other): {skippedOther}\nETA: {eta}',
  'cmd.status.no_eta': '—',
  'cmd.status.file_caption': 'Campaign "{name}": {total} numbers not sent (number, status, reason)',
  'cmd.status.file_cut': '\nThe file lists the first {shown}; the data export has them all.',
  // terms
  'cmd.terms.summary': 'read the terms of service',
  'cmd.terms.head': 'Terms, version {version}:',
  'cmd.terms.accepted': 'Your account has accepted this version.',
  'cmd.terms.pending': 'Reply *AGREE* to accept them.',
  // topup
  'cmd.topup.summary': 'request more credits',
  'cmd.topup.done': 'Top-up request #{id} for {credits} credits is waiting for our team. Pay by JazzCash, Easypaisa, bank transfer or cash quoting #{id}; the credits are added once the payment is confirmed.',
  // upload-contacts
  'cmd.upload-contacts.summary': 'add numbers to a list (lines or a file)',
  'cmd.upload-contacts.nothing': 'Send the numbers one per line under the command, or attach a .txt, .csv or .vcf file with the caption *upload contacts to {name}*.',
  'cmd.upload-contacts.result': 'List "{name}": {accepted} numbers added.\nDuplicates skipped: {dupFile} in the upload, {dupList} already on the list.\nRejected (never charged): {rejectedTotal}{reasons}',

  // senders
  'cmd.senders.summary': 'your sender numbers: state, today\'s count and cap, warm-up',
  'cmd.senders.head': 'Your senders ({used} of {allowed} your plan allows):',
  'cmd.senders.line': '{n}. {who}: {state} · today {sent} of {cap}{warmup}',
  'cmd.senders.no_cap': 'no cap',
  'cmd.senders.warmup': ' · warm-up day {day} of {of}',
  'cmd.senders.unlinked': '(no number yet)',
  'cmd.senders.none': 'You have no sender number yet. Send *link sender +923001234567* (your number) to link one with a code.',
  'cmd.senders.hint': '*pause sender N* · *resume sender N* · *link sender +E164*',
  // pause-sender
  'cmd.pause-sender.summary': 'stop one sender number from sending',
  'cmd.pause-sender.done': 'Sender {n} paused: it sends nothing until *resume sender {n}*. Your campaigns go on through your other senders.',
  // resume-sender
  'cmd.resume-sender.summary': 'let a paused sender number send again',
  'cmd.resume-sender.done': 'Sender {n} resumed: it sends again at its pace.',
  // link-sender
  'cmd.link-sender.summary': 'link a WhatsApp number as a sender, with a pairing code',
  'cmd.link-sender.code': 'Pairing code for {phone}: *{code}*\nOn that phone open WhatsApp → Settings (or ⋮) → *Linked devices* → *Link a device* → *Link with phone number instead*, and type the code. It is valid for a few minutes; if it runs out, send *link sender {phone}* again. *senders* shows it once linked.',
  'cmd.link-sender.sandbox': '(Sandbox: this sender is simulated and links by itself.)',
  // sender chat refusals and states
  'sender.chat.no_such_number': 'There is no sender {n}. *senders* lists yours.',
  'sender.chat.already_paused': 'Sender {n} is paused already ({reason}).',
  'sender.chat.not_paused': 'Sender {n} is not paused.',
  'sender.chat.limit': 'Your plan allows {allowed} sender number(s) and you have {used}; ask us for a larger plan to add another.',
  'sender.chat.already_linked': '{phone} is linked already; *senders* shows it.',
  'sender.chat.no_code': 'WhatsApp gave no code in time. Send *link sender {phone}* again in a minute.',
  'status.sender.open': 'sending',
  'status.sender.paused': 'paused: {reason}',
  'status.sender.needs_relink': 'needs linking again ({reason})',
  'status.sender.linking': 'not linked yet',
  'status.sender.offline': 'offline',
  'status.sender.removed': 'removed',

  // file captions
  'file.rejected_lines.caption': 'Rejected lines of your upload to "{name}"',
  'file.export.caption': 'Your account data, {date}',

  // notices jobs send on their own
  'notice.sender.paused': 'Your sender #{id} was paused: {reason}. Your campaigns continue on your other senders; when the cause is fixed, send *resume sender {id}*.',
  'notice.sender.reachout_locked': 'WhatsApp has restricted your sender {sender} from starting new chats until {until}. It still answers customers who wrote to it, and your campaigns go on through your other senders. Sending to new numbers now would make the restriction longer, so it waits until then.',
  'notice.sender.reachout_paused': 'Your sender {sender} was paused: WhatsApp refused {n} messages in a row because the number may not start new chats (reach-out lock). Those messages were not charged. Resume it ("resume sender") once the restriction has ended.',
  'notice.sender.reason.rate_limited': 'WhatsApp asked this number to slow down',
  'notice.sender.reason.errors': '{count} send errors in a row',
  'notice.billing.due_today': 'Invoice #{id} for {amount} is due today. Reply *pay* for payment details; unpaid accounts are suspended after the grace period.',
  'notice.billing.due_tomorrow': 'Invoice #{id} for {amount} is due tomorrow ({date}). Reply *pay* for payment details; unpaid accounts are suspended after the grace period.',
  'notice.billing.due_in': 'Invoice #{id} for {amount} is due in {days} days ({date}). Reply *pay* for payment details; unpaid accounts are suspended after the grace period.',
  'notice.billing.email_subject': 'Invoice #{id} reminder',
  'notice.account.suspended_unpaid': 'Your account is suspended: invoice #{id} ({amount}) is unpaid past the {graceDays}-day grace period. Campaigns are paused; you can still ask *balance*, *help* and *pay*. It is reactivated as soon as the payment is recorded.',
  'notice.account.suspended_reason.unpaid': 'invoice #{id} unpaid since {date}',
  'notice.topup.approved': 'Your top-up request #{id} was approved: {credits} credits added. Credits available now: {available}.',
  'notice.topup.rejected': 'Your top-up request #{id} for {credits} credits was not approved. Reply *pay* or contact us if you think this is a mistake.',
  'notice.campaign.completed': 'Campaign "{name}" has finished: {sent} sent, {delivered} delivered, {read} read, {failed} failed. Send *status {name}* for the details.',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
