// Every operator command, in the order the grammar tries them and help lists them.
import type { CommandSpec } from '../src/router/command-spec.js';
import { agree } from './agree.js';
import { attachMediaCommand } from './attach-media.js';
import { apiTokens } from './api-tokens.js';
import { balance } from './balance.js';
import { retargetCommand } from './retarget.js';
import { campaigns } from './campaigns.js';
import { createApiTokenCommand } from './create-api-token.js';
import { createCampaignCommand } from './create-campaign.js';
import { cancel } from './cancel.js';
import { createListCommand } from './create-list.js';
import { deleteAccount } from './delete-account.js';
import { deleteListCommand } from './delete-list.js';
import { blockNumberCommand } from './block-number.js';
import { unblockNumberCommand } from './unblock-number.js';
import { blockedNumbersCommand } from './blocked-numbers.js';
import { exportData } from './export-data.js';
import { help } from './help.js';
import { launch } from './launch.js';
import { linkSender } from './link-sender.js';
import { listInfoCommand } from './list-info.js';
import { lists } from './lists.js';
import { pause } from './pause.js';
import { pauseSenderCommand } from './pause-sender.js';
import { pay } from './pay.js';
import { plan } from './plan.js';
import { removeContactCommand } from './remove-contact.js';
import { resume } from './resume.js';
import { revokeTokenCommand } from './revoke-token.js';
import { resumeSenderCommand } from './resume-sender.js';
import { sendDemo } from './send-demo.js';
import { senders } from './senders.js';
import { setEmail } from './set-email.js';
import { status } from './status.js';
import { terms } from './terms.js';
import { topup } from './topup.js';
import { uploadContacts } from './upload-contacts.js';
import { callReply } from './call-reply.js';
import { repliesMode } from './replies-mode.js';
import { reply } from './reply.js';
import { unschedule } from './unschedule.js';

export const allCommands: readonly CommandSpec[] = [
  help, agree, terms, balance, plan, pay, topup,
  // Before list info and pause/cancel: "block list dikhao" is the opt-outs, "don't send to 0300…" a number to block.
  blockNumberCommand, unblockNumberCommand, blockedNumbersCommand,
  lists, createListCommand, uploadContacts, listInfoCommand, removeContactCommand, deleteListCommand,
  // Before create campaign: "… from eid not read: text" is a retarget, not a list called "eid not read".
  retargetCommand, createCampaignCommand, attachMediaCommand, campaigns, sendDemo,
  // Before launch and cancel: "cancel the schedule of eid" keeps the campaign.
  unschedule, launch,
  // Before pause/resume: "pause sender 2" must not read as a campaign named "sender 2".
  senders, pauseSenderCommand, resumeSenderCommand, linkSender,
  pause, resume, cancel, status,
  repliesMode, reply, callReply, setEmail,
  exportData, deleteAccount,
  createApiTokenCommand, apiTokens, revokeTokenCommand,
];
