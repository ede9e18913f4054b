import { Foundation1764000000000 } from './1764000000000-Foundation.js';
import { Requests1764100000000 } from './1764100000000-Requests.js';
import { WebSessions1764200000000 } from './1764200000000-WebSessions.js';
import { LetterMail1764300000000 } from './1764300000000-LetterMail.js';
import { IntakeDrafts1764400000000 } from './1764400000000-IntakeDrafts.js';
import { RuleSetVersions1764500000000 } from './1764500000000-RuleSetVersions.js';
import { LetterTemplates1764700000000 } from './1764700000000-LetterTemplates.js';
import { AccessIndex1764800000000 } from './1764800000000-AccessIndex.js';
import { AuditSubjectWidth1764810000000 } from './1764810000000-AuditSubjectWidth.js';
import { ApiTokens1764820000000 } from './1764820000000-ApiTokens.js';
import { RunningInstanceKey1764830000000 } from './1764830000000-RunningInstanceKey.js';
import { UniqueLetterNumbers1765000000000 } from './1765000000000-UniqueLetterNumbers.js';
import { InputLimits1765200000000 } from './1765200000000-InputLimits.js';

/** Every migration, in order of their timestamps. Schema changes only ever come through here (no synchronize). */
export const allMigrations = [
  Foundation1764000000000,
  Requests1764100000000,
  WebSessions1764200000000,
  LetterMail1764300000000,
  IntakeDrafts1764400000000,
  RuleSetVersions1764500000000,
  LetterTemplates1764700000000,
  AccessIndex1764800000000,
  AuditSubjectWidth1764810000000,
  ApiTokens1764820000000,
  RunningInstanceKey1764830000000,
  UniqueLetterNumbers1765000000000,
  InputLimits1765200000000,
];
