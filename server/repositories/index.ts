/*
 * Every repository of the server, one interface per aggregate, each implemented once over `Sql` for
 * both engines (the statements that differ come from the executor's dialect). A unit of work hands
 * its repositories out as one `Repositories` object.
 */
import type { Sql } from '../db/sql';
import { SqlAuditRepository, type AuditRepository } from './audit.repository';
import { SqlExportRepository, type ExportRepository } from './export.repository';
import { SqlDirectsRepository, type DirectsRepository } from './directs.repository';
import { SqlDeactivationsRepository, type DeactivationsRepository } from './deactivations.repository';
import { SqlApiTokensRepository, type ApiTokensRepository } from './apiTokens.repository';
import { SqlIntegrationsRepository, type IntegrationsRepository } from './integrations.repository';
import { SqlFilesRepository, type FilesRepository } from './files.repository';
import { SqlFlowHistoryRepository, type FlowHistoryRepository } from './flowHistory.repository';
import { SqlMessagesRepository, type MessagesRepository } from './messages.repository';
import { SqlOrgsRepository, type OrgsRepository } from './orgs.repository';
import { SqlProfilesRepository, type ProfilesRepository } from './profiles.repository';
import { SqlPresenceRepository, type PresenceRepository } from './presence.repository';
import { SqlPulseRepository, type PulseRepository } from './pulse.repository';
import { SqlPromotionsRepository, type PromotionsRepository } from './promotions.repository';
import { PostgresSearchRepository } from './postgres/search.repository';
import type { SearchRepository } from './search.repository';
import { SqliteSearchRepository } from './sqlite/search.repository';
import { SqlStreamsRepository, type StreamsRepository } from './streams.repository';
import { SqlTagsRepository, type TagsRepository } from './tags.repository';
import { SqlTeamsRepository, type TeamsRepository } from './teams.repository';
import { SqlTokensRepository, type TokensRepository } from './tokens.repository';
import { SqlUsersRepository, type UsersRepository } from './users.repository';
import { SqlSpeechPoliciesRepository, type SpeechPoliciesRepository } from './speechPolicies.repository';
import { SqlRequestBudgetsRepository, type RequestBudgetsRepository } from './requestBudgets.repository';
import { SqlGuidelinesRepository, type GuidelinesRepository } from './guidelines.repository';
import { SqlLoginFailuresRepository, type LoginFailuresRepository } from './loginFailures.repository';
import { SqlLegalHoldsRepository, type LegalHoldsRepository } from './legalHolds.repository';
import { SqlRetentionRepository, type RetentionRepository } from './retention.repository';

/** What a unit of work can read and write: one repository per aggregate, all on its transaction. */
export interface Repositories {
  readonly orgs: OrgsRepository;
  readonly users: UsersRepository;
  readonly teams: TeamsRepository;
  readonly streams: StreamsRepository;
  readonly messages: MessagesRepository;
  readonly promotions: PromotionsRepository;
  readonly tokens: TokensRepository;
  readonly audit: AuditRepository;
  readonly apiTokens: ApiTokensRepository;
  readonly flowHistory: FlowHistoryRepository;
  readonly speechPolicies: SpeechPoliciesRepository;
  readonly requestBudgets: RequestBudgetsRepository;
  readonly loginFailures: LoginFailuresRepository;
  readonly search: SearchRepository;
  readonly deactivations: DeactivationsRepository;
  readonly tags: TagsRepository;
  readonly exports: ExportRepository;
  readonly retention: RetentionRepository;
  readonly legalHolds: LegalHoldsRepository;
  readonly directs: DirectsRepository;
  readonly integrations: IntegrationsRepository;
  readonly profiles: ProfilesRepository;
  readonly guidelines: GuidelinesRepository;
  readonly presence: PresenceRepository;
  readonly files: FilesRepository;
  readonly pulse: PulseRepository;
}

/** The repositories over one connection's executor. */
export function createRepositories(sql: Sql): Repositories {
  return {
    orgs: new SqlOrgsRepository(sql),
    users: new SqlUsersRepository(sql),
    teams: new SqlTeamsRepository(sql),
    streams: new SqlStreamsRepository(sql),
    messages: new SqlMessagesRepository(sql),
    promotions: new SqlPromotionsRepository(sql),
    tokens: new SqlTokensRepository(sql),
    audit: new SqlAuditRepository(sql),
    apiTokens: new SqlApiTokensRepository(sql),
    flowHistory: new SqlFlowHistoryRepository(sql),
    speechPolicies: new SqlSpeechPoliciesRepository(sql),
    requestBudgets: new SqlRequestBudgetsRepository(sql),
    loginFailures: new SqlLoginFailuresRepository(sql),
    deactivations: new SqlDeactivationsRepository(sql),
    search: sql.dialect.name === 'postgres' ? new PostgresSearchRepository(sql) : new SqliteSearchRepository(sql),
    tags: new SqlTagsRepository(sql),
    exports: new SqlExportRepository(sql),
    retention: new SqlRetentionRepository(sql),
    legalHolds: new SqlLegalHoldsRepository(sql),
    directs: new SqlDirectsRepository(sql),
    integrations: new SqlIntegrationsRepository(sql),
    profiles: new SqlProfilesRepository(sql),
    guidelines: new SqlGuidelinesRepository(sql),
    presence: new SqlPresenceRepository(sql),
    files: new SqlFilesRepository(sql),
    pulse: new SqlPulseRepository(sql),
  };
}
