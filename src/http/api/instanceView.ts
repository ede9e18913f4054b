import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { ProcessInstanceEntity, UserTaskEntity } from '../../persistence/entities/index.js';
import type { System } from '../../system.js';

export const InstanceViewSchema = z.object({
  id: z.string(), definitionKey: z.string(), version: z.number(), businessKey: z.string().nullable(), status: z.string(),
  openTasks: z.array(z.object({ id: z.string(), key: z.string(), candidateRoles: z.array(z.string()), due: z.string().nullable() })),
});

export async function instanceView(system: System, id: string): Promise<z.infer<typeof InstanceViewSchema>> {
  return system.db.read(async (m) => {
    const i = await m.getRepository(ProcessInstanceEntity).findOneBy({ id });
    if (!i) throw new NotFoundError(`process instance ${id} does not exist`);
    const tasks = await m.getRepository(UserTaskEntity).find({ where: { instanceId: id, status: 'open' }, order: { createdAt: 'ASC' } });
    return {
      id: i.id, definitionKey: i.definitionKey, version: i.definitionVersion, businessKey: i.businessKey, status: i.status,
      openTasks: tasks.map((t) => ({ id: t.id, key: t.key, candidateRoles: t.candidateRoles.split(',').filter(Boolean), due: t.due })),
    };
  });
}
