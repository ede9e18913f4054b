import { EntitySchema } from 'typeorm';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

/** An open (or past) user task: a wait state of an instance, derived after every step. */
export interface UserTaskRow {
  id: string;
  instanceId: string;
  executionId: string;
  key: string;
  name: string;
  candidateRoles: string;
  formKey: string | null;
  due: string | null;
  assignee: string | null;
  status: TaskStatus;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  version: number;
}

export const UserTaskEntity = new EntitySchema<UserTaskRow>({
  name: 'UserTask',
  tableName: 'user_task',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    instanceId: { type: 'varchar', length: 36, name: 'instance_id' },
    executionId: { type: 'varchar', length: 200, name: 'execution_id' },
    key: { type: 'varchar', length: 100, name: 'task_key' },
    name: { type: 'varchar', length: 300 },
    candidateRoles: { type: 'varchar', length: 300, name: 'candidate_roles' },
    formKey: { type: 'varchar', length: 100, name: 'form_key', nullable: true },
    due: { type: 'varchar', length: 10, nullable: true },
    assignee: { type: 'varchar', length: 100, nullable: true },
    status: { type: 'varchar', length: 20 },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    completedAt: { type: 'datetime', name: 'completed_at', precision: 3, nullable: true },
    completedBy: { type: 'varchar', length: 100, name: 'completed_by', nullable: true },
    version: { type: 'int' },
  },
  indices: [
    { name: 'ix_task_instance', columns: ['instanceId', 'status'] },
    { name: 'ix_task_status_key', columns: ['status', 'key'] },
  ],
});
