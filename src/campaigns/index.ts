// The campaign service as commands, jobs and the console see it.
export * from './errors.js';
export {
  bodyHash, createCampaign, getCampaign, getCampaignById, listCampaigns, markDemoSent, prepareDemo, updateCampaignText,
  MAX_BODY_CHARS, type Campaign, type CampaignDraft, type CampaignStatus, type DemoMessage,
} from './campaigns.js';
export { estimateLaunch, launchCampaign, type LaunchEstimate, type LaunchResult } from './launch.js';
export { cancelCampaign, pauseCampaign, resumeCampaign, type CancelResult } from './control.js';
export { campaignStats, exportCampaignCsv, OUTBOX_STATUSES, type CampaignStats, type OutboxStatus } from './stats.js';
