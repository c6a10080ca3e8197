// attach to NAME (with an image, video, audio or document): the draft sends that file with its
// text as the caption. The file is stored once per account by its hash (src/content/media.ts).
import { attachMedia } from '../src/campaigns/campaigns.js';
import { formatSize, humanKind, storeMedia } from '../src/content/media.js';
import { t } from '../src/i18n/t.js';
import { UserError, type CommandSpec } from '../src/router/command-spec.js';

export const attachMediaCommand: CommandSpec = {
  id: 'attach-media',
  usage: { en: 'attach to NAME (with the file)', tr: 'AD kampanyasına ekle (dosyayla)', ur: 'NAAM ke saath lagao (file ke saath)' },
  patterns: {
    en: [/^attach\s+(?:this\s+|it\s+)?(?:(?:image|picture|photo|poster|video|file|pdf|document|audio|media)\s+)?(?:to|for|in)\s+(?:campaign\s+)?(?<name>[^\n]+)$/i,
      /^add\s+(?:this\s+)?(?:image|picture|photo|poster|video|pdf|media)\s+(?:to|for)\s+(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?<name>[^\n]+?)\s+kampanyasına\s+(?:ekle|iliştir|koy)$/i, /^(?:ekle|iliştir)\s+(?:kampanya\s+)?(?<name>[^\n]+)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:ke saath|ke sath)\s+(?:lagao|laga do|attach karo|jod do)$/i, /^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:mein|me)\s+(?:lagao|laga do|attach karo)$/i],
  },
  examples: {
    en: ['attach to eid', 'attach this poster to the campaign', 'use this picture in my campaign', 'put this video in the campaign'],
    tr: ['bayram kampanyasına ekle', 'bu resmi kampanyaya iliştir', 'bu afişi kampanyamda kullan', 'bu videoyu kampanyaya koy'],
    ur: ['eid ke saath lagao', 'yeh tasveer campaign ke saath lagao', 'yeh poster meri campaign mein lagao', 'yeh video campaign mein attach karo'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'campaign' }],
  role: 'manager',
  confirm: false,
  acceptsCampaignMedia: true,
  grammarOnly: true,
  async handler({ ctx, account, lang, args, media }) {
    if (!media) throw new UserError(t(lang, 'campaign.media.needs_file', { name: args.name! }));
    const info = await storeMedia(ctx, account.id, media);
    const draft = await attachMedia(ctx, account.id, args.name!, info);
    return t(lang, 'campaign.media.attached', { kind: humanKind(info.kind), size: formatSize(info.sizeBytes), name: draft.campaign.name });
  },
};
