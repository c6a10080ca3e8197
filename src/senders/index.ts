// The senders service: a sender session's state machine (open, paused with a reason, needs
// relinking, removed) and the one query for its pacing inputs. Every write of a sender's
// state goes through here, from whichever process; the gateway drives the sockets.
export * from './add-sender.js';
export * from './ensure-sandbox-operator.js';
export * from './errors.js';
export * from './link-by-code.js';
export * from './link-requests.js';
export * from './list-senders.js';
export * from './pacing-inputs.js';
export * from './pause-sender.js';
export * from './record-channel-status.js';
export * from './remove-sender.js';
export * from './resume-sender.js';
export * from './sender-overview.js';
export * from './session-row.js';
export * from './state.js';
export * from './wipe-credentials.js';
