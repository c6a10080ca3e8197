// Refusals of the campaign service, as catalogue codes with parameters (see src/app-error.ts).
import { AppError } from '../app-error.js';
import type { MessageKey, Params } from '../i18n/t.js';
import type { CampaignStatus } from './campaigns.js';

export class CampaignNotFoundError extends AppError {
  override name = 'CampaignNotFoundError';
  constructor(readonly campaignName: string) {
    super('campaign.not_found', { name: campaignName });
  }
}

export class CampaignExistsError extends AppError {
  override name = 'CampaignExistsError';
  constructor(readonly campaignName: string) {
    super('campaign.exists', { name: campaignName });
  }
}

/** The campaign is not in a state that allows this action (e.g. editing a running one). */
export class CampaignStateError extends AppError {
  override name = 'CampaignStateError';
  constructor(readonly status: CampaignStatus | string, code: MessageKey, params: Params = {}) {
    super(code, params);
  }
}

export class InvalidCampaignError extends AppError {
  override name = 'InvalidCampaignError';
}

export type LaunchRefusal =
  | 'terms_not_accepted' | 'suspended' | 'no_demo' | 'too_small' | 'banned_content'
  | 'insufficient_credits' | 'no_healthy_sender' | 'wrong_state';

/** Why a launch cannot go ahead: `reason` is the rule, `code` the text (too_small has three). */
export class LaunchRefusedError extends AppError {
  override name = 'LaunchRefusedError';
  constructor(readonly reason: LaunchRefusal, code: MessageKey, readonly details: Record<string, unknown> = {}, params: Params = {}) {
    super(code, params);
  }
}

/** Issue 16: a campaign's channel settings do not fit (an e-mail without a subject, SMS fallback of a non-WhatsApp campaign). */
export class CampaignChannelError extends AppError {
  override name = 'CampaignChannelError';
  constructor(code: MessageKey, params: Params = {}) { super(code, params); }
}
