import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { DeploymentError } from '../errors.js';
import type { FieldIssue } from '../errors.js';
import type { Database } from '../persistence/database.js';
import { appendAudit } from '../persistence/audit.js';
import { ProcessDefinitionEntity, type ProcessDefinitionRow } from '../persistence/entities/index.js';
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

  /** Parse and validate without deploying: the modeler's check, and the first half of deploy. */
  async check(xml: string): Promise<{ diagram: ParsedDiagram; warnings: FieldIssue[] }> {
    let diagram: ParsedDiagram;
    try {
      diagram = await parseDiagram(xml);
    } catch (err) {
      if (err instanceof DiagramParseError) throw new DeploymentError(err.message, [{ path: 'definitions', message: err.message }], { cause: err });
      throw err;
    }
    const { errors, warnings } = await validateDiagram(xml, diagram, this.rules);
    if (errors.length) {
      throw new DeploymentError(`process "${diagram.meta.processId}" cannot be deployed: ${errors.map((e) => e.message).join('; ')}`, errors);
    }
    return { diagram, warnings };
  }

  async deploy(xml: string, actor: string, note: string | null = null): Promise<DeployResult> {
    const { diagram, warnings } = await this.check(xml);
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

  async list(): Promise<ProcessDefinitionRow[]> {
    return this.db.read((m) => m.getRepository(ProcessDefinitionEntity).find({ order: { key: 'ASC', version: 'ASC' } }));
  }
}
