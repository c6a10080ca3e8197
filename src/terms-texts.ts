// The built-in terms, by version, frozen once published: migration 0541 publishes 2026-12 from
// here, so this text must never change (a change is a new version, with a new migration).
// The terms are the admin's one legal text and are shown as published (README "Languages").

/** 2026-12: replies and missed calls are kept 90 days as message logs and forwarded to the owners. */
export const DEFAULT_TERMS_VERSION = '2026-12';

export const DEFAULT_TERMS_TEXT = [
  '1. Prepaid credits: you buy credits before sending; one message sent costs the credits your plan says. Numbers we reject (invalid, landline, duplicate) and messages not sent cost nothing; unsent credits are returned.',
  '2. Promotional campaigns only: campaigns are outbound announcements, not a chat service. A recipient\'s reply and a missed call are kept as message logs (90 days) and forwarded to the account\'s owners, who may answer; a recipient who answers STOP is never messaged again.',
  '3. Minimum campaign size: a campaign must reach at least the number of recipients your plan sets (1,000 by default).',
  '4. Banned content: no hate, racist, vulgar, adult, abusive, misleading, fraudulent or harassing messages. Campaigns are checked before launch, and breaking this rule can suspend the account.',
  '5. Your content is your responsibility: credits spent on messages sent with wrong or mistaken content are not refunded.',
  '6. Demo before launch: every campaign is first sent to your own number as a demo; it can only launch after a demo of its current text.',
  '7. Delivery takes time: messages go out one at a time at a safe pace; we show honest progress, not instant delivery.',
  '8. Records: message logs (messages sent, replies received, missed calls) are kept 90 days, billing records 7 years. You may export or delete your data at any time.',
].join('\n');
