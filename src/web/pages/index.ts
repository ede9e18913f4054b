import type { Router } from 'express';
import type { WebContext } from '../context.js';
import { helpPages } from './help.js';
import { dashboardPages } from './dashboard.js';
import { taskPages } from './tasks.js';
import { intakePages } from './intake.js';
import { casePages } from './cases.js';
import { registerPages } from './register.js';
import { adminPages } from './admin.js';
import { tracePages } from './trace.js';
import { phonePages } from './phone.js';
import { letterPages } from './letters.js';
import { emailIntakePages } from './emailIntake.js';
import { contactPages } from './contacts.js';
import { modelerPages } from './modeler.js';
import { rulesPages } from './rules.js';
import { letterTemplatePages } from './letterTemplates.js';
import { migrationPages } from './migrations.js';

/** Every page module, mounted in this order after sign-in. */
export const pageModules: ((ctx: WebContext) => Router)[] = [
  dashboardPages, taskPages, intakePages, casePages, registerPages, tracePages, adminPages, helpPages,
  phonePages, letterPages, emailIntakePages, contactPages, modelerPages, rulesPages,
  letterTemplatePages, migrationPages,
];
