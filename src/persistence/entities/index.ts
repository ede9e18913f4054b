import { ProcessDefinitionEntity } from './processDefinition.js';
import { ProcessInstanceEntity } from './processInstance.js';
import { UserTaskEntity } from './userTask.js';
import { JobEntity } from './job.js';
import { MessageSubscriptionEntity } from './messageSubscription.js';
import { AuditEventEntity, AuditHeadEntity } from './auditEvent.js';
import { UserEntity, SettingEntity } from './user.js';
import { DsrRequestEntity, CaseCounterEntity } from './dsrRequest.js';
import { LetterEntity } from './letter.js';
import { WebSessionEntity, SignInThrottleEntity } from './webSession.js';
import { IntakeDraftEntity } from './intakeDraft.js';
import { RuleSetVersionEntity } from './ruleSetVersion.js';
import { LetterTemplateEntity, LetterTemplateSetEntity } from './letterTemplate.js';
import { ApiTokenEntity } from './apiToken.js';

export * from './processDefinition.js';
export * from './processInstance.js';
export * from './userTask.js';
export * from './job.js';
export * from './messageSubscription.js';
export * from './auditEvent.js';
export * from './user.js';
export * from './dsrRequest.js';
export * from './letter.js';
export * from './webSession.js';
export * from './intakeDraft.js';
export * from './ruleSetVersion.js';
export * from './letterTemplate.js';
export * from './apiToken.js';

export const allEntities = [
  ProcessDefinitionEntity,
  ProcessInstanceEntity,
  UserTaskEntity,
  JobEntity,
  MessageSubscriptionEntity,
  AuditEventEntity,
  AuditHeadEntity,
  UserEntity,
  SettingEntity,
  DsrRequestEntity,
  CaseCounterEntity,
  LetterEntity,
  WebSessionEntity,
  SignInThrottleEntity,
  IntakeDraftEntity,
  RuleSetVersionEntity,
  LetterTemplateEntity, LetterTemplateSetEntity,
  ApiTokenEntity,
];
