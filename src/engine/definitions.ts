import { createHash, randomUUID } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { DeploymentError } from '../errors.js';
import type { FieldIssue } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import { ProcessDefinitionEntity, ProcessInstanceEntity, type ProcessDefinitionRow } from '../persistence/entities/index.js';
import { DiagramParseError, parseDiagram, type ParsedDiagram } from './bpmnSource.js';
import { validateDiagram, type DiagramRules } from './validateDiagram.js';

export interface LoadedDefinition {
  row: ProcessDefinitionRow;
  diagram: ParsedDiagram;
}

export interface DeployResult {
  key: string;
  version: number;
  hash: string;
  id: string;
  created: boolean;
  warnings: FieldIssue[];
}

/** The task forms a diagram's user tasks may open (views/forms/<name>.hbs): checked by the modeler, not at start-up. */
export interface FormCatalog {
  has(name: string): boolean;
}

/** What `check` and `deploy` verify beyond the start-up rules. */
export interface CheckOptions {
  /** Every user task must have its form: views/forms/<task id>.hbs (the task page opens it), and the one its camunda:formKey names. */
  forms?: FormCatalog;
}

const FORM_NAME = /^[A-Za-z0-9_-]+$/;

/** A folder of Handlebars forms, looked up on each call (a form added later counts at once). */
export function formsFolder(dir: string): FormCatalog {
  return { has: (name) => FORM_NAME.test(name) && fsSync.existsSync(path.join(dir, `${name}.hbs`)) };
}

/**
 * The form of a user task is views/forms/<task id>.hbs: the task page renders the form named after the
 * task's key (its element id). A camunda:formKey, when given, must name an existing form as well; one
 * that differs from the id is not used, which is worth a warning.
 */
export function formIssues(diagram: ParsedDiagram, forms: FormCatalog): { errors: FieldIssue[]; warnings: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  for (const el of diagram.meta.elements.values()) {
    if (el.type !== 'bpmn:UserTask') continue;
    const at = (message: string) => ({ path: el.id, message: `<${el.id}> ${message}` });
    if (el.formKey !== null && el.formKey !== el.id) {
      if (!forms.has(el.formKey)) errors.push(at(`user task names the form "${el.formKey}" (camunda:formKey), but views/forms/${el.formKey}.hbs does not exist`));
      else warnings.push(at(`camunda:formKey "${el.formKey}" is not used: the task page opens the form named after the task id, views/forms/${el.id}.hbs`));
    }
    if (!forms.has(el.id)) {
      errors.push(at(el.formKey === el.id
        ? `user task names the form "${el.formKey}" (camunda:formKey), but views/forms/${el.id}.hbs does not exist`
        : `user task has no form: views/forms/${el.id}.hbs does not exist`));
    }
  }
  return { errors, warnings };
}

/** Normalise line endings and outer white space so that a file saved on another system is the same version. */
export function diagramHash(xml: string): string {
  return createHash('sha256').update(xml.replace(/\r\n/g, '\n').trim()).digest('hex');
}

/**
 * Deployed process definitions: immutable versions keyed by the process id of the diagram. A diagram
 * whose content hash equals the newest version of its key is not a new version. Parsed definitions are
 * cached per version: an instance step never parses XML.
 */
export class DefinitionStore {
  private readonly cache = new Map<string, Promise<LoadedDefinition>>();

  constructor(private readonly db: Database, private readonly rules: DiagramRules) {}

  /**
   * Parse and validate without deploying: the modeler's check, and the first half of deploy. The rules
   * are those of start-up; `options.forms` adds "every user task has its form" (the modeler's save).
   */
  async check(xml: string, options: CheckOptions = {}): Promise<{ diagram: ParsedDiagram; warnings: FieldIssue[] }> {
    let diagram: ParsedDiagram;
    try {
      diagram = await parseDiagram(xml);
    } catch (err) {
      if (err instanceof DiagramParseError) throw new DeploymentError(err.message, err.details, { cause: err });
      throw err;
    }
    const { errors, warnings } = await validateDiagram(xml, diagram, this.rules);
    if (options.forms) {
      const forms = formIssues(diagram, options.forms);
      errors.push(...forms.errors);
      warnings.push(...forms.warnings);
    }
    if (errors.length) {
      throw new DeploymentError(`process "${diagram.meta.processId}" cannot be deployed: ${errors.map((e) => e.message).join('; ')}`, errors);
    }
    return { diagram, warnings };
  }

  async deploy(xml: string, actor: string, note: string | null = null, options: CheckOptions = {}): Promise<DeployResult> {
    const { diagram, warnings } = await this.check(xml, options);
    const key = diagram.meta.processId;
    const hash = diagramHash(xml);
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ProcessDefinitionEntity);
      const newest = await this.db.forUpdate(repo.createQueryBuilder('d').where('d.key = :key', { key }).orderBy('d.version', 'DESC')).getOne();
      if (newest && newest.hash === hash) {
        return { key, version: newest.version, hash, id: newest.id, created: false, warnings };
      }
      const row: ProcessDefinitionRow = {
        id: randomUUID(), key, version: (newest?.version ?? 0) + 1, hash, xml,
        name: diagram.meta.processName, deployedBy: actor, deployedAt: new Date(), note,
      };
      await repo.insert(row);
      await appendAudit(tx, this.db, [{
        at: row.deployedAt, actor, type: 'definition.deployed', subjectId: row.id,
        data: { key, version: row.version, hash, note, warnings: warnings.map((w) => w.message) },
      }]);
      this.cache.set(row.id, Promise.resolve({ row, diagram }));
      return { key, version: row.version, hash, id: row.id, created: true, warnings };
    });
  }

  /** Deploy every `*.bpmn` of a folder (at start-up); unchanged files are no new versions. */
  async deployFolder(dir: string, actor = 'system'): Promise<DeployResult[]> {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort();
    const results: DeployResult[] = [];
    for (const f of files) {
      try {
        results.push(await this.deploy(await fs.readFile(path.join(dir, f), 'utf8'), actor, `deployed from ${f}`));
      } catch (err) {
        if (err instanceof DeploymentError) throw new DeploymentError(`${f}: ${err.message}`, err.details, { cause: err });
        throw err;
      }
    }
    return results;
  }

  async byId(id: string, tx?: EntityManager): Promise<LoadedDefinition> {
    let loaded = this.cache.get(id);
    if (!loaded) {
      loaded = (async () => {
        const find = (m: EntityManager) => m.getRepository(ProcessDefinitionEntity).findOneByOrFail({ id });
        const row = tx ? await find(tx) : await this.db.read(find);
        return { row, diagram: await parseDiagram(row.xml) };
      })();
      this.cache.set(id, loaded);
      loaded.catch(() => this.cache.delete(id));
    }
    return loaded;
  }

  async newest(key: string, tx?: EntityManager): Promise<LoadedDefinition | null> {
    const find = (m: EntityManager) => m.getRepository(ProcessDefinitionEntity).findOne({ where: { key }, order: { version: 'DESC' } });
    const row = tx ? await find(tx) : await this.db.read(find);
    return row ? this.byId(row.id, tx) : null;
  }

  /** The version of `key` whose content is this diagram's, if it is the newest (deploying it would make no new version). */
  async unchangedVersion(key: string, xml: string): Promise<number | null> {
    const newest = await this.db.read((m) => m.getRepository(ProcessDefinitionEntity).findOne({ where: { key }, order: { version: 'DESC' } }));
    return newest && newest.hash === diagramHash(xml) ? newest.version : null;
  }

  /** Running instances per definition version (by definition id); versions without any are absent. */
  async runningCounts(): Promise<Map<string, number>> {
    const rows = await this.db.read((m) => m.getRepository(ProcessInstanceEntity).createQueryBuilder('i')
      .select('i.definitionId', 'definitionId').addSelect('COUNT(*)', 'n')
      .where('i.status = :status', { status: 'running' })
      .groupBy('i.definitionId')
      .getRawMany<{ definitionId: string; n: number | string }>());
    return new Map(rows.map((r) => [r.definitionId, Number(r.n)]));
  }

  async list(): Promise<ProcessDefinitionRow[]> {
    return this.db.read((m) => m.getRepository(ProcessDefinitionEntity).find({ order: { key: 'ASC', version: 'ASC' } }));
  }
}
