import { EntitySchema } from 'typeorm';

export type InstanceStatus = 'running' | 'completed' | 'terminated';

/**
 * A running or finished process instance. The engine's own state is one JSON column (docs/architecture.md);
 * `version` is the optimistic lock: of two steps that loaded the same version, one commits.
 */
export interface ProcessInstanceRow {
  id: string;
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  businessKey: string | null;
  status: InstanceStatus;
  engineState: string;
  version: number;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

export const ProcessInstanceEntity = new EntitySchema<ProcessInstanceRow>({
  name: 'ProcessInstance',
  tableName: 'process_instance',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    definitionId: { type: 'varchar', length: 36, name: 'definition_id' },
    definitionKey: { type: 'varchar', length: 100, name: 'definition_key' },
    definitionVersion: { type: 'int', name: 'definition_version' },
    businessKey: { type: 'varchar', length: 100, name: 'business_key', nullable: true },
    status: { type: 'varchar', length: 20 },
    engineState: { type: 'text', name: 'engine_state' },
    version: { type: 'int' },
    startedAt: { type: 'datetime', name: 'started_at', precision: 3 },
    updatedAt: { type: 'datetime', name: 'updated_at', precision: 3 },
    endedAt: { type: 'datetime', name: 'ended_at', precision: 3, nullable: true },
  },
  indices: [
    { name: 'ix_instance_business_key', columns: ['businessKey'] },
    { name: 'ix_instance_definition', columns: ['definitionId', 'status'] },
  ],
});
