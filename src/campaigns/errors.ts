// Errors of the campaign service; each message is fit to show the account owner as is.
import { ConflictError, NotFoundError } from '../accounts.js';

export class CampaignNotFoundError extends NotFoundError {
  override name = 'CampaignNotFoundError';
  constructor(readonly campaignName: string) {
    super(`there is no campaign named "${campaignName}"`);
  }
}

export class CampaignExistsError extends ConflictError {
  override name = 'CampaignExistsError';
  constructor(readonly campaignName: string) {
    super(`a campaign named "${campaignName}" already exists`);
  }
}

/** The campaign is not in a state that allows this action (e.g. editing a running one). */
export class CampaignStateError extends ConflictError {
  override name = 'CampaignStateError';
  /** `action`: what was refused (pause, resume, cancel, suspended), for a translated reply. */
  constructor(readonly status: string, message: string, readonly action?: 'pause' | 'resume' | 'cancel' | 'suspended', readonly campaignName?: string) {
    super(message);
  }
}

export class InvalidCampaignError extends RangeError {
  override name = 'InvalidCampaignError';
}

export type LaunchRefusal =
  | 'terms_not_accepted' | 'suspended' | 'no_demo' | 'too_small' | 'banned_content'
  | 'insufficient_credits' | 'no_healthy_sender' | 'wrong_state';

export class LaunchRefusedError extends Error {
  override name = 'LaunchRefusedError';
  constructor(readonly code: LaunchRefusal, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}
