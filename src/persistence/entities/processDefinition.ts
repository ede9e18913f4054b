import { EntitySchema } from 'typeorm';

/** One immutable deployed version of a BPMN diagram (DESIGN principle 1). */
export interface ProcessDefinitionRow {
  id: string;
  key: string;
  version: number;
  hash: string;
  xml: string;
  name: string | null;
  deployedBy: string;
  deployedAt: Date;
  note: string | null;
}

export const ProcessDefinitionEntity = new EntitySchema<ProcessDefinitionRow>({
  name: 'ProcessDefinition',
  tableName: 'process_definition',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    key: { type: 'varchar', length: 100, name: 'def_key' },
    version: { type: 'int' },
    hash: { type: 'varchar', length: 64 },
    xml: { type: 'text' },
    name: { type: 'varchar', length: 200, nullable: true },
    deployedBy: { type: 'varchar', length: 100, name: 'deployed_by' },
    deployedAt: { type: 'datetime', name: 'deployed_at', precision: 3 },
    note: { type: 'varchar', length: 1000, nullable: true },
  },
  uniques: [{ name: 'uq_definition_key_version', columns: ['key', 'version'] }],
});
