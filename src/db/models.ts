// Sequelize models over the tables of migrations/. The migrations own the schema
// (constraints, triggers, indexes); the models only describe columns for typed CRUD.
import {
  DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize,
} from 'sequelize';

// Factories, not shared objects: Sequelize writes each attribute's column name into its
// definition object, so one object reused for `createdAt` and `at` would map both to created_at.
const id = () => ({ type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true });
const bigId = () => ({ type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true });
const createdAt = () => ({ type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW });
/** NOT NULL with a default in the table: the database fills it when the model leaves it out. */
const defaulted = (type: DataTypes.DataType) => ({ type, allowNull: true });

export class Plan extends Model<InferAttributes<Plan>, InferCreationAttributes<Plan>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare priceMinor: CreationOptional<number>;
  declare currency: CreationOptional<string>;
  declare period: CreationOptional<'monthly' | 'quarterly' | 'yearly'>;
  declare dailyLimit: CreationOptional<number>;
  declare sendersAllowed: CreationOptional<number>;
  declare minCampaignSize: CreationOptional<number>;
  declare creditsPerMessage: CreationOptional<number>;
  declare apiQuotaPerDay: CreationOptional<number>;
  declare pacingMinMs: CreationOptional<number | null>;
  declare pacingMaxMs: CreationOptional<number | null>;
  declare senderDailyCap: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
}

export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare status: CreationOptional<'active' | 'suspended' | 'erased'>;
  declare planId: number;
  declare defaultCountry: CreationOptional<string>;
  declare timezone: CreationOptional<string>;
  declare quietStartHour: CreationOptional<number | null>;
  declare quietEndHour: CreationOptional<number | null>;
  declare language: CreationOptional<'en' | 'tr' | 'ur'>;
  declare suspendedReason: CreationOptional<string | null>;
  declare suspendedAt: CreationOptional<Date | null>;
  declare erasedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type MemberRole = 'owner' | 'manager' | 'viewer';

export class Member extends Model<InferAttributes<Member>, InferCreationAttributes<Member>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare phone: string;
  declare lid: CreationOptional<string | null>;
  declare name: CreationOptional<string | null>;
  declare role: CreationOptional<MemberRole>;
  declare language: CreationOptional<'en' | 'tr' | 'ur' | null>;
  declare createdAt: CreationOptional<Date>;
}

export class AdminUser extends Model<InferAttributes<AdminUser>, InferCreationAttributes<AdminUser>> {
  declare id: CreationOptional<number>;
  declare email: string;
  declare passwordHash: string;
  declare role: CreationOptional<'admin' | 'viewer'>;
  declare mustChangePassword: CreationOptional<boolean>;
  declare failedLogins: CreationOptional<number>;
  declare lockedUntil: CreationOptional<Date | null>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare lastLoginIp: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export class LoginEvent extends Model<InferAttributes<LoginEvent>, InferCreationAttributes<LoginEvent>> {
  declare id: CreationOptional<number>;
  declare adminUserId: number | null;
  declare email: string | null;
  declare ip: string | null;
  declare userAgent: string | null;
  declare success: boolean;
  declare at: CreationOptional<Date>;
}

export class TermsVersion extends Model<InferAttributes<TermsVersion>, InferCreationAttributes<TermsVersion>> {
  declare id: CreationOptional<number>;
  declare version: string;
  declare body: string;
  declare publishedAt: CreationOptional<Date>;
}

export class ContactList extends Model<InferAttributes<ContactList>, InferCreationAttributes<ContactList>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare name: string;
  declare createdAt: CreationOptional<Date>;
}

export type CampaignStatus = 'draft' | 'demo_sent' | 'running' | 'paused' | 'completed' | 'cancelled';

export class Campaign extends Model<InferAttributes<Campaign>, InferCreationAttributes<Campaign>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare listId: number | null;
  declare name: string;
  declare body: string;
  declare status: CreationOptional<CampaignStatus>;
  declare demoBodyHash: CreationOptional<string | null>;
  declare demoSentAt: CreationOptional<Date | null>;
  declare recipients: CreationOptional<number>;
  declare skipped: CreationOptional<number>;
  declare creditsReserved: CreationOptional<number>;
  declare createdBy: CreationOptional<number | null>;
  declare launchedAt: CreationOptional<Date | null>;
  declare pausedAt: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'uncertain' | 'skipped';

export class Outbox extends Model<InferAttributes<Outbox>, InferCreationAttributes<Outbox>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare accountId: number;
  declare phone: string;
  declare name: CreationOptional<string | null>;
  declare status: CreationOptional<OutboxStatus>;
  declare reason: CreationOptional<string | null>;
  declare waMessageId: CreationOptional<string | null>;
  declare senderSessionId: CreationOptional<number | null>;
  declare attempts: CreationOptional<number>;
  declare sentAt: CreationOptional<Date | null>;
  declare deliveredAt: CreationOptional<Date | null>;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export type SessionStatus = 'new' | 'connecting' | 'open' | 'closed' | 'needs_relink' | 'logged_out' | 'replaced' | 'removed';

export class SenderSession extends Model<InferAttributes<SenderSession>, InferCreationAttributes<SenderSession>> {
  declare id: CreationOptional<number>;
  declare accountId: number | null;
  declare label: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare lid: CreationOptional<string | null>;
  declare purpose: CreationOptional<'commands' | 'campaigns' | 'both'>;
  declare transport: CreationOptional<'whatsapp' | 'sandbox'>;
  declare status: CreationOptional<SessionStatus>;
  declare statusReason: CreationOptional<string | null>;
  declare consecutiveErrors: CreationOptional<number>;
  declare pausedReason: CreationOptional<string | null>;
  declare ownerId: CreationOptional<string | null>;
  declare leaseUntil: CreationOptional<Date | null>;
  declare nextSendAt: CreationOptional<Date>;
  declare pacingMinMs: CreationOptional<number | null>;
  declare pacingMaxMs: CreationOptional<number | null>;
  declare dailyCap: CreationOptional<number | null>;
  declare warmup: CreationOptional<boolean>;
  declare sentToday: CreationOptional<number>;
  declare sentTodayDate: CreationOptional<string | null>;
  declare linkedAt: CreationOptional<Date | null>;
  declare lastSeenAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class CreditLedger extends Model<InferAttributes<CreditLedger>, InferCreationAttributes<CreditLedger>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare kind: 'topup' | 'reserve' | 'debit' | 'release' | 'refund' | 'adjustment';
  declare availableDelta: number;
  declare reservedDelta: CreationOptional<number>;
  declare campaignId: CreationOptional<number | null>;
  declare reference: CreationOptional<string | null>;
  declare actor: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export class AuditEntry extends Model<InferAttributes<AuditEntry>, InferCreationAttributes<AuditEntry>> {
  declare id: CreationOptional<number>;
  declare at: CreationOptional<Date>;
  declare actorType: 'admin' | 'member' | 'system';
  declare actorId: CreationOptional<number | null>;
  declare actorLabel: CreationOptional<string | null>;
  declare accountId: CreationOptional<number | null>;
  declare action: string;
  declare details: CreationOptional<Record<string, unknown>>;
  declare ip: CreationOptional<string | null>;
}

export interface Models {
  Plan: typeof Plan;
  Account: typeof Account;
  Member: typeof Member;
  AdminUser: typeof AdminUser;
  LoginEvent: typeof LoginEvent;
  TermsVersion: typeof TermsVersion;
  ContactList: typeof ContactList;
  Campaign: typeof Campaign;
  Outbox: typeof Outbox;
  SenderSession: typeof SenderSession;
  CreditLedger: typeof CreditLedger;
  AuditEntry: typeof AuditEntry;
}

const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });
const date = () => ({ type: DataTypes.DATE, allowNull: true });

export function initModels(sequelize: Sequelize): Models {
  const opts = (tableName: string) => ({ sequelize, tableName, underscored: true, timestamps: false });
  Plan.init({
    id: id(), name: text(false), priceMinor: defaulted(DataTypes.INTEGER), currency: defaulted(DataTypes.TEXT), period: defaulted(DataTypes.TEXT),
    dailyLimit: defaulted(DataTypes.INTEGER), sendersAllowed: defaulted(DataTypes.INTEGER), minCampaignSize: defaulted(DataTypes.INTEGER),
    creditsPerMessage: defaulted(DataTypes.INTEGER), apiQuotaPerDay: defaulted(DataTypes.INTEGER), pacingMinMs: int(), pacingMaxMs: int(), senderDailyCap: int(), createdAt: createdAt(),
  }, opts('plans'));
  Account.init({
    id: id(), name: text(false), status: defaulted(DataTypes.TEXT), planId: int(false), defaultCountry: defaulted(DataTypes.TEXT), timezone: defaulted(DataTypes.TEXT),
    quietStartHour: int(), quietEndHour: int(), language: defaulted(DataTypes.TEXT), suspendedReason: text(), suspendedAt: date(),
    erasedAt: date(), createdAt: createdAt(), updatedAt: createdAt(),
  }, opts('accounts'));
  Member.init({
    id: id(), accountId: int(false), phone: text(false), lid: text(), name: text(), role: defaulted(DataTypes.TEXT), language: text(), createdAt: createdAt(),
  }, opts('members'));
  AdminUser.init({
    id: id(), email: text(false), passwordHash: text(false), role: defaulted(DataTypes.TEXT), mustChangePassword: defaulted(DataTypes.BOOLEAN),
    failedLogins: defaulted(DataTypes.INTEGER), lockedUntil: date(), lastLoginAt: date(), lastLoginIp: text(), createdAt: createdAt(),
  }, opts('admin_users'));
  LoginEvent.init({
    id: bigId(), adminUserId: int(), email: text(), ip: text(), userAgent: text(), success: { type: DataTypes.BOOLEAN, allowNull: false },
    at: createdAt(),
  }, opts('login_events'));
  TermsVersion.init({ id: id(), version: text(false), body: text(false), publishedAt: createdAt() }, opts('terms_versions'));
  ContactList.init({ id: id(), accountId: int(false), name: text(false), createdAt: createdAt() }, opts('contact_lists'));
  Campaign.init({
    id: id(), accountId: int(false), listId: int(), name: text(false), body: text(false), status: defaulted(DataTypes.TEXT),
    demoBodyHash: text(), demoSentAt: date(), recipients: defaulted(DataTypes.INTEGER), skipped: defaulted(DataTypes.INTEGER),
    creditsReserved: defaulted(DataTypes.INTEGER),
    createdBy: int(), launchedAt: date(), pausedAt: date(), completedAt: date(), cancelledAt: date(), createdAt: createdAt(), updatedAt: createdAt(),
  }, opts('campaigns'));
  Outbox.init({
    id: bigId(), campaignId: int(false), accountId: int(false), phone: text(false), name: text(), status: defaulted(DataTypes.TEXT),
    reason: text(), waMessageId: text(), senderSessionId: int(), attempts: defaulted(DataTypes.INTEGER), sentAt: date(), deliveredAt: date(),
    readAt: date(), createdAt: createdAt(),
  }, opts('outbox'));
  SenderSession.init({
    id: id(), accountId: int(), label: text(), phone: text(), lid: text(), purpose: defaulted(DataTypes.TEXT), transport: defaulted(DataTypes.TEXT),
    status: defaulted(DataTypes.TEXT), statusReason: text(), consecutiveErrors: defaulted(DataTypes.INTEGER), pausedReason: text(), ownerId: text(),
    leaseUntil: date(), nextSendAt: createdAt(), pacingMinMs: int(), pacingMaxMs: int(), dailyCap: int(),
    warmup: defaulted(DataTypes.BOOLEAN), sentToday: defaulted(DataTypes.INTEGER), sentTodayDate: { type: DataTypes.DATEONLY, allowNull: true },
    linkedAt: date(), lastSeenAt: date(), createdAt: createdAt(),
  }, opts('sender_sessions'));
  CreditLedger.init({
    id: bigId(), accountId: int(false), kind: text(false), availableDelta: int(false), reservedDelta: defaulted(DataTypes.INTEGER),
    campaignId: int(), reference: text(), actor: text(), createdAt: createdAt(),
  }, opts('credit_ledger'));
  AuditEntry.init({
    id: bigId(), at: createdAt(), actorType: text(false), actorId: int(), actorLabel: text(), accountId: int(),
    action: text(false), details: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} }, ip: text(),
  }, opts('audit_log'));
  return { Plan, Account, Member, AdminUser, LoginEvent, TermsVersion, ContactList, Campaign, Outbox, SenderSession, CreditLedger, AuditEntry };
}
